package dev.concierge.platform;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Linux's nice value of the calling thread. Java has no per-thread priority that Linux honours (Thread.setPriority is
 * ignored unless the whole JVM runs with -XX:ThreadPriorityPolicy=1, which renices the JVM's own threads too), so
 * this calls setpriority(2) through JNA on the thread's own id: Linux applies PRIO_PROCESS to a single thread.
 * Raising one's own nice value needs no privilege, so it works for the non-root user of the container too.
 */
final class ThreadNice {

    private static final int PRIO_PROCESS = 0;

    private interface C extends Library {
        int setpriority(int which, int who, int prio);
    }

    private static volatile C libc;

    private ThreadNice() {
    }

    /** Sets the calling thread's nice value; false (and nothing changed) where that is not possible. */
    static boolean set(int nice) {
        try {
            C c = libc;
            if (c == null) {
                libc = c = Native.load("c", C.class);
            }
            return c.setpriority(PRIO_PROCESS, currentTid(), nice) == 0;
        } catch (IOException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** /proc/thread-self links to "PID/task/TID" for the thread that reads it. */
    private static int currentTid() throws IOException {
        String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
        return Integer.parseInt(link.substring(link.lastIndexOf('/') + 1));
    }
}
