package dev.concierge.eval;

/** A failure that ends the run with a one-line message (no stack trace) and an exit code. */
public class EvalException extends RuntimeException {
    /** Bad command line. */
    public static final int USAGE = 2;
    /** Data file or folder missing or unreadable. */
    public static final int DATA = 3;
    /** The service could not be reached or an HTTP call failed. */
    public static final int HTTP = 4;

    private final int exitCode;

    public EvalException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
