namespace Par.Runtime.Data;

/// <summary>What a language model learns to predict, and so how its batches are cut and its loss taken.</summary>
public enum TrainingObjective
{
    /// <summary>Causal language modelling: every next token (causal and Transformer-XL models).</summary>
    CausalLanguageModel,

    /// <summary>BERT's masked language modelling: the tokens <see cref="TokenMasking"/> chose, from both sides (encoders).</summary>
    MaskedLanguageModel,
}
