using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Par.Cli.Console;

/// <summary>
/// Turns Ctrl-C (SIGINT) and SIGTERM into a cancellation the training loop honours by saving a
/// checkpoint, instead of the process dying with the run's progress lost. A second Ctrl-C is not
/// intercepted, so a stuck process can still be stopped.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;

    public Interruption()
    {
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
    }

    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (source.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        CliOutput.Note("par: stopping after this step and saving a checkpoint (press Ctrl-C again to abort)...");
        source.Cancel();
    }
}
