package org.lcpsim.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with ETA on stderr for long runs; silent when stderr is not a terminal or the
 * user asked for no progress, so logs and pipes stay clean.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress start(String task, long total, boolean wanted) {
        if (!wanted || !stderrIsTerminal() || total < 2) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err))
                .build();
        return new Progress(bar);
    }

    /**
     * System.console() only says that stdin and stdout are a terminal; a run with stderr sent to
     * a log file must not fill it with bar redraws, so on Linux stderr itself is looked at.
     */
    static boolean stderrIsTerminal() {
        if (System.console() == null) {
            return false;
        }
        java.nio.file.Path fd2 = java.nio.file.Path.of("/proc/self/fd/2");
        try {
            String target = java.nio.file.Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            // no /proc (macOS, Windows): the console is the best hint there is
            return true;
        }
    }

    synchronized void step() {
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
