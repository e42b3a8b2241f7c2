namespace Par.Generators.Tests;

/// <summary>The .par files the tests feed the generator.</summary>
internal static class ParSamples
{
    /// <summary>The PAR paper's Transformer-XL Base result, with default (Base) hyper-parameters.</summary>
    public const string ParBase = """
        model ParBase {
            layout = (sfff)x6 (f)x8
        }
        """;

    public const string SmallCausal = """
        model SmallCausal {
            layout = (sf)x3 f
            d_model = 64
            heads = 4
            d_ff = 256
            vocab = 100
            context = 32
            memory = 32
            dropout = 0
            attention = causal
            tie_embeddings = false
        }
        """;

    /// <summary>A search space: every layer chooses among attention, feed-forward and identity.</summary>
    public const string Supernet = """
        model Supernet {
            layout = [sf-]x4
            d_model = 64
            heads = 4
            vocab = 100
            context = 16
            memory = 16
        }
        """;

    /// <summary>A namespace statement and two models in one file.</summary>
    public const string Zoo = """
        namespace Par.Zoo

        # Press et al.'s sandwich with k = 6.
        model Sandwich {
            layout = (s)x6 (sf)x10 (f)x6
        }

        model Enwik8 {
            layout = (sff)x5 (f)x9
            d_model = 512
            heads = 8
            vocab = 205
        }
        """;

    /// <summary>Small enough to instantiate in a test.</summary>
    public const string Tiny = """
        model Tiny {
            layout = (sff)x2 f
            d_model = 32
            heads = 4
            vocab = 50
            context = 8
            memory = 8
            dropout = 0
        }
        """;

    /// <summary>A BERT-style encoder, small enough to instantiate: bidirectional attention, no memory.</summary>
    public const string Encoder = """
        model Encoder {
            layout = (sff)x2 f
            d_model = 32
            heads = 4
            vocab = 51
            context = 8
            dropout = 0
            attention = bidirectional
        }
        """;

    /// <summary>Fixed blocks and choices with and without attention, so slots skip layers.</summary>
    public const string Planned = """
        model Planned {
            layout = s [sf-] f [f-] s
            d_model = 32
            heads = 4
            dropout = 0
        }
        """;

    /// <summary>Line 3 uses the unknown block <c>q</c> (1-based column 16).</summary>
    public const string Bad = """
        model Bad {
            d_model = 64
            layout = s q f
        }
        """;

    /// <summary>One broken model beside a valid one: only the valid one is generated.</summary>
    public const string HalfBroken = """
        model Broken {
            layout = s q f
        }

        model Fine {
            layout = sff
            d_model = 64
            heads = 4
        }
        """;
}
