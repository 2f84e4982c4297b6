package io.recengine.core.callback;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How the callback logs (journal, spill, file sink) open the files they append to. The one seam through
 * which tests inject a full disk ({@code IOException: No space left on device}) without mounting a small
 * filesystem; production code uses {@link #DEFAULT}.
 */
@FunctionalInterface
interface LogFiles {

    /** {@link FileChannel#open(Path, OpenOption...)}. */
    LogFiles DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
