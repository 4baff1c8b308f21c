namespace Sluice.Testing.Conformance;

/// <summary>A public verb the conformance suite does not run, and why (it needs a model or an endpoint).</summary>
/// <param name="Verb">The verb's key (<see cref="VerbConformance.KeyOf"/>).</param>
/// <param name="Reason">What it needs that the suite does not provide.</param>
public sealed record VerbExclusion(string Verb, string Reason);
