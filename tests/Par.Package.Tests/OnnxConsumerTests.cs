using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Par.Dsl.Parsing;
using Par.Runtime.Export;
using Par.Runtime.Generation;
using Par.Runtime.Models;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Package.Tests;

/// <summary>
/// An app that references only the Par.Onnx package runs a model <see cref="OnnxExport"/> wrote, with no TorchSharp
/// and no libtorch in its build, and generates what Par generates from the same weights.
/// </summary>
[Collection(LocalParFeedCollection.Name)]
public sealed class OnnxConsumerTests(LocalParFeed feed)
{
    private const string Program = """
        using Par.Onnx;
        using Par.Text;

        using var model = ParOnnxModel.Load("model.onnx");
        System.Console.WriteLine($"layout={model.Config.Layout} slots={model.MemorySlots} tokenizer={model.Metadata.Tokenizer!.Name}");
        var tokenizer = model.CreateTokenizer()!;
        var drawn = OnnxTextGeneration.Continue(model, PromptTokens.Encode(tokenizer, "Call me"), 20, SamplingOptions.Greedy);
        System.Console.WriteLine("tokens=" + string.Join(",", drawn));
        """;

    [Fact]
    public void A_consumer_referencing_only_par_onnx_runs_an_exported_model_without_libtorch()
    {
        var definition = ParParser.Parse(
            "model Served { layout = s f f s f; d_model = 32; heads = 4; d_ff = 64; vocab = 256; context = 8; memory = 12; attention = xl }\n",
            "served.par").Models.Single();
        manual_seed(3);
        using var model = LayoutModel.Create(definition);
        using var consumer = new ConsumerProject(feed, onnxOnly: true);
        var tokenizer = new ByteTokenizer();
        OnnxExport.Write(consumer.Folder, model, definition, OnnxExport.Properties(new ModelMetadata(definition, tokenizer.Describe(), Step: 0)), PyTorchPython.Find());
        var expected = TextGeneration.Continue(model, PromptTokens.Encode(tokenizer, "Call me"), 20, SamplingOptions.Greedy);
        consumer.AddFile("Program.cs", Program);

        var (buildExit, buildOutput) = consumer.Build();
        Assert.True(buildExit == 0, $"consumer build failed:\n{buildOutput}");
        var (runExit, runOutput) = consumer.Run();

        Assert.True(runExit == 0, $"consumer run failed:\n{runOutput}");
        Assert.Contains("layout=sffsf slots=2 tokenizer=byte", runOutput);
        Assert.Contains("tokens=" + string.Join(",", expected), runOutput);
        var built = Directory.GetFiles(consumer.Output, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Contains("Par.Onnx.dll", built);
        Assert.Contains("libonnxruntime.so", built);
        Assert.DoesNotContain(built, file => file!.Contains("TorchSharp") || file.Contains("libtorch"));
    }

    [Fact]
    public void Par_onnx_depends_on_par_text_and_onnx_runtime_only()
    {
        using var archive = ZipFile.OpenRead(Path.Combine(feed.Folder, $"Par.Onnx.{feed.Version}.nupkg"));
        var nuspec = archive.Entries.Single(entry => entry.FullName.EndsWith(".nuspec"));
        using var stream = nuspec.Open();
        var dependencies = XDocument.Load(stream).Descendants().Where(element => element.Name.LocalName == "dependency")
            .Select(element => (string)element.Attribute("id")!).Distinct().Order().ToArray();

        Assert.Equal(["Microsoft.ML.OnnxRuntime", "Par.Text"], dependencies);
    }
}
