using TorchSharp;
using static TorchSharp.torch;

namespace Sluice.Operators.Torch.GroupMates;

/// <summary>Resolves a <see cref="TorchDeviceKind"/> to a LibTorch device.</summary>
internal static class TorchDevices
{
    /// <exception cref="InvalidOperationException">CUDA was asked for and is not available, or LibTorch cannot be loaded.</exception>
    public static Device Resolve(TorchDeviceKind kind)
    {
        bool cudaAvailable = TorchMiniLmEmbedder.CudaAvailable();
        if (kind == TorchDeviceKind.Cuda && !cudaAvailable)
            throw new InvalidOperationException("Device Cuda was asked for, but LibTorch reports no CUDA device.");
        return kind == TorchDeviceKind.Cuda || (kind == TorchDeviceKind.Auto && cudaAvailable) ? new Device(DeviceType.CUDA, 0) : CPU;
    }
}
