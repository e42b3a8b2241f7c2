using Par.Dsl.Model;

namespace Par.Generators.Model;

/// <summary>
/// Everything the emitter needs for one model, computed while parsing so emitting is pure text work:
/// the model itself, its canonical layout and its exact parameter count.
/// </summary>
internal sealed record ModelSpec(ParModel Model, string CanonicalLayout, long ParameterCount);
