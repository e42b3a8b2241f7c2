using System;
using System.Globalization;
using Par.Examples;

// Every row is read from constants the Par generator computed at compile time from the .par files
// beside this program: nothing here builds a model or touches libtorch.
var rows = new (string Name, string Layout, int Layers, int Attention, long Parameters)[]
{
    (nameof(TransformerXLBase), TransformerXLBase.Layout, TransformerXLBase.LayerCount, TransformerXLBase.AttentionBlockCount, TransformerXLBase.ParameterCount),
    (nameof(SandwichBase), SandwichBase.Layout, SandwichBase.LayerCount, SandwichBase.AttentionBlockCount, SandwichBase.ParameterCount),
    (nameof(ParBase), ParBase.Layout, ParBase.LayerCount, ParBase.AttentionBlockCount, ParBase.ParameterCount),
    (nameof(TransformerXLLarge), TransformerXLLarge.Layout, TransformerXLLarge.LayerCount, TransformerXLLarge.AttentionBlockCount, TransformerXLLarge.ParameterCount),
    (nameof(ParLarge), ParLarge.Layout, ParLarge.LayerCount, ParLarge.AttentionBlockCount, ParLarge.ParameterCount),
    (nameof(TransformerXLEnwik8), TransformerXLEnwik8.Layout, TransformerXLEnwik8.LayerCount, TransformerXLEnwik8.AttentionBlockCount, TransformerXLEnwik8.ParameterCount),
    (nameof(ParEnwik8), ParEnwik8.Layout, ParEnwik8.LayerCount, ParEnwik8.AttentionBlockCount, ParEnwik8.ParameterCount),
    (nameof(BertBase), BertBase.Layout, BertBase.LayerCount, BertBase.AttentionBlockCount, BertBase.ParameterCount),
    (nameof(ParBertBase), ParBertBase.Layout, ParBertBase.LayerCount, ParBertBase.AttentionBlockCount, ParBertBase.ParameterCount),
};

Console.WriteLine($"{"model",-20} {"layout",-22} {"layers",6} {"attention",9} {"parameters",14}");
foreach (var row in rows)
{
    Console.WriteLine(string.Format(
        CultureInfo.InvariantCulture,
        "{0,-20} {1,-22} {2,6} {3,9} {4,14:N0}",
        row.Name, row.Layout, row.Layers, row.Attention, row.Parameters));
}
