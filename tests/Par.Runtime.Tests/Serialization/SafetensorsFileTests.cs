using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Par.Runtime.Serialization;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Serialization;

public class SafetensorsFileTests
{
    [Fact]
    public void Tensors_of_every_dtype_and_the_metadata_round_trip()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("all.safetensors");
        random.manual_seed(3);
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = randn(3, 5),
            ["f64"] = randn(2, dtype: ScalarType.Float64),
            ["bf16"] = randn(4, dtype: ScalarType.BFloat16),
            ["i64"] = arange(6).reshape(2, 3),
            ["flags"] = tensor(new[] { true, false, true }),
            ["empty"] = zeros(0, 4),
            ["scalar"] = tensor(2.5f),
        };
        var metadata = new Dictionary<string, string> { ["par.model"] = "model A {\n}\n", ["note"] = "ünïcode \"quoted\"" };

        SafetensorsFile.Write(path, tensors, metadata);
        using var read = SafetensorsFile.Read(path);

        Assert.Equal(metadata, read.Metadata);
        Assert.Equal(tensors.Keys.Order(), read.Tensors.Keys.Order());
        foreach (var (name, expected) in tensors)
        {
            Assert.Equal(expected.dtype, read.Tensors[name].dtype);
            Assert.Equal(expected.shape, read.Tensors[name].shape);
            Assert.True(expected.eq(read.Tensors[name]).all().item<bool>(), name);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void The_header_is_json_with_metadata_first_padded_with_spaces_to_8_bytes(int nameLength)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("padded.safetensors");
        SafetensorsFile.Write(path, new Dictionary<string, Tensor> { ["w" + new string('x', nameLength)] = ones(2, 2) }, new Dictionary<string, string> { ["k"] = "v" });

        var bytes = File.ReadAllBytes(path);
        var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = Encoding.UTF8.GetString(bytes, 8, length);

        Assert.Equal(0, length % 8);
        Assert.StartsWith("{\"__metadata__\":{\"k\":\"v\"}", header);
        Assert.Matches("^\\{.*\\} *$", header);
        using var json = JsonDocument.Parse(header);
        Assert.Equal(16, bytes.Length - 8 - length);
    }

    [Fact]
    public void Files_written_by_TorchSharp_PyBridge_read_back()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("pybridge.safetensors");
        var tensors = new Dictionary<string, Tensor> { ["a"] = arange(5, dtype: ScalarType.Float32), ["b"] = ones(2, 3, dtype: ScalarType.Int64) };
        Safetensors.SaveStateDict(path, tensors);

        using var read = SafetensorsFile.Read(path);

        Assert.True(read.Tensors["a"].eq(tensors["a"]).all().item<bool>());
        Assert.True(read.Tensors["b"].eq(tensors["b"]).all().item<bool>());
    }

    public static IEnumerable<object[]> Malformed =>
    [
        [Raw("{}"u8.ToArray(), declaredLength: 400), "exceeds the file"],
        [new byte[] { 1, 2, 3 }, "too short"],
        [Raw("not json"u8.ToArray()), "not valid JSON"],
        [Raw("[1,2]"u8.ToArray()), "not a JSON object"],
        [Header("{\"x\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "tensor 'x' has dtype 'F8'"],
        [Header("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12 bytes"],
        // 2^62 + 1 float32 elements are 2^64 + 4 bytes, which wraps round to the 4 stored.
        [Header("{\"x\":{\"dtype\":\"F32\",\"shape\":[4611686018427387905],\"data_offsets\":[0,4]}}", 4), "whose size in bytes overflows"],
        [Header("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "not a non-negative integer"],
        [Header("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4), "truncated"],
        [Header("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "starts at byte 4"],
        [Header("{\"x\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "needs \"dtype\""],
        [Header("{\"__metadata__\":{\"n\":3}}", 0), "metadata values are strings"],
    ];

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_file_is_rejected_naming_the_file_and_the_problem(byte[] content, string problem)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("bad.safetensors");
        File.WriteAllBytes(path, content);

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Read(path));

        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    private static byte[] Header(string json, int dataBytes) => Raw(Encoding.UTF8.GetBytes(json), dataBytes: dataBytes);

    private static byte[] Raw(byte[] header, int dataBytes = 0, int? declaredLength = null)
    {
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)(declaredLength ?? header.Length));
        header.CopyTo(bytes, 8);
        return bytes;
    }
}
