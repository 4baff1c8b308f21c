namespace Sluice.Operators.Torch; internal static class Placeholder {}
