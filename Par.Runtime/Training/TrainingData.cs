using Par.Runtime.Data;
using Par.Text;

namespace Par.Runtime.Training;

/// <summary>
/// What a run trains on: the token streams, the tokenizer that produced them (recorded in the checkpoint
/// and verified on resume) and the <c>.par</c> text of the model (recorded and compared on resume, <see cref="Training.TrainingRunSettings"/>).
/// A run that keeps no checkpoint (<see cref="TrainingOptions.CheckpointDirectory"/> null) and validates nothing needs no tokenizer.
/// </summary>
public sealed record TrainingData(TokenStream Train, TokenStream? Valid, ITokenizer? Tokenizer, string ParText);
