namespace Sluice.Operators.Torch.GroupMates;

/// <summary>A probed rollout as the influence model sees it.</summary>
/// <param name="Vectors">Row-major [T × d] unit document vectors, in training order.</param>
/// <param name="Scores">T cumulative oracle scores.</param>
public sealed record InfluenceRollout(float[] Vectors, float[] Scores);
