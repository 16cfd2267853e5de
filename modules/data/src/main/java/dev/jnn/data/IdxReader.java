package dev.jnn.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format), raw or gzip-compressed, and validates them.
 *
 * <p>Checked: the magic number (2051 for images, 2049 for labels), the dimensions, that the file
 * holds exactly as many bytes as its header says, and that every label is in range. A header that
 * claims more data than the file can hold is refused before anything is allocated: for a raw file
 * the size must match exactly, and a gzip file cannot expand more than deflate's maximum ratio
 * (about 1032:1), and the array of a gzip file's data grows with what really inflates, so a header
 * that lies costs little more memory than the data present. Every problem is one
 * {@link DataFormatException} naming the file.
 *
 * <p>A file is read as gzip when its content starts with the gzip magic bytes, whatever its name; a
 * file named {@code *.gz} that is not gzip is an error.
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    // Deflate cannot expand data by more than about 1032:1; leave a little room for headers.
    private static final long MAX_GZIP_RATIO = 1100;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final long INITIAL_GZIP_BODY = 1 << 20;
    private static final String REFETCH = "delete it and fetch the data again (jnn fetch-data)";

    private IdxReader() {}

    /**
     * Reads an IDX image file.
     *
     * @throws DataFormatException if the file is damaged or not an image file (the message says how)
     * @throws IOException if it cannot be read at all
     */
    public static IdxImages readImages(Path file) throws IOException {
        try (Source in = Source.open(file)) {
            checkMagic(in, IMAGES_MAGIC, "images");
            long count = in.readUnsignedInt("image count");
            long rows = in.readUnsignedInt("row count");
            long cols = in.readUnsignedInt("column count");
            if (count == 0 || rows == 0 || cols == 0) {
                throw new DataFormatException(file, "wrong dimensions: header says " + count + " images of "
                        + rows + "x" + cols + " pixels; every dimension must be at least 1; " + REFETCH);
            }
            long elements = product(file, count, rows, cols);
            byte[] pixels = in.readBody(elements, 16);
            return new IdxImages(file, (int) count, (int) rows, (int) cols, pixels);
        }
    }

    /**
     * Reads an IDX label file and checks that every label is in {@code [0, numClasses)}.
     *
     * @return one byte per label (values {@code 0..numClasses-1})
     * @throws DataFormatException if the file is damaged, not a label file, or holds a bad label
     * @throws IOException if it cannot be read at all
     */
    public static byte[] readLabels(Path file, int numClasses) throws IOException {
        if (numClasses < 1 || numClasses > 256) {
            throw new IllegalArgumentException("numClasses must be in 1..256, got " + numClasses);
        }
        try (Source in = Source.open(file)) {
            checkMagic(in, LABELS_MAGIC, "labels");
            long count = in.readUnsignedInt("label count");
            if (count == 0) {
                throw new DataFormatException(file, "wrong dimensions: header says 0 labels; " + REFETCH);
            }
            long elements = product(file, count, 1, 1);
            byte[] labels = in.readBody(elements, 8);
            for (int i = 0; i < labels.length; i++) {
                int label = labels[i] & 0xFF;
                if (label >= numClasses) {
                    throw new DataFormatException(file, "bad label: label " + label + " at index " + i
                            + " is outside 0.." + (numClasses - 1) + "; " + REFETCH);
                }
            }
            return labels;
        }
    }

    private static void checkMagic(Source in, int expected, String kind) throws IOException {
        int magic = (int) in.readUnsignedInt("magic number");
        if (magic == expected) {
            return;
        }
        String hint = "";
        if (magic == IMAGES_MAGIC) {
            hint = " (that is an images file: are images and labels swapped?)";
        } else if (magic == LABELS_MAGIC) {
            hint = " (that is a labels file: are images and labels swapped?)";
        }
        throw new DataFormatException(in.file, String.format(
                "wrong magic number %d (0x%08X), expected %d (0x%08X) for an IDX %s file%s; %s",
                magic, magic, expected, expected, kind, hint, REFETCH));
    }

    private static long product(Path file, long a, long b, long c) throws DataFormatException {
        // Each factor is below 2^32, so the product of the first two fits in a long; check the rest.
        long ab = a * b;
        long high = Math.multiplyHigh(ab, c);
        long n = ab * c;
        if (high != 0 || n < 0 || n > MAX_ARRAY) {
            throw new DataFormatException(file, "header too large: it claims " + a + "x" + b + "x" + c
                    + " elements, more than jnn reads from one IDX file (2^31); " + REFETCH);
        }
        return n;
    }

    /** An open IDX file, raw or gzip, that knows its name and compressed size. */
    private static final class Source implements AutoCloseable {
        final Path file;
        final long fileSize;
        final boolean gzip;
        final InputStream in;
        long headerBytesRead;

        private Source(Path file, long fileSize, boolean gzip, InputStream in) {
            this.file = file;
            this.fileSize = fileSize;
            this.gzip = gzip;
            this.in = in;
        }

        static Source open(Path file) throws IOException {
            long size = Files.size(file);
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            try {
                raw.mark(2);
                int b0 = raw.read();
                int b1 = raw.read();
                raw.reset();
                boolean gzip = b0 == 0x1f && b1 == 0x8b;
                boolean namedGz = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
                if (namedGz && !gzip) {
                    throw new DataFormatException(file, "not gzip: the name ends in .gz but the file does not "
                            + "start with the gzip magic bytes 1f 8b; " + REFETCH);
                }
                if (!gzip) {
                    return new Source(file, size, false, raw);
                }
                try {
                    return new Source(file, size, true, new GZIPInputStream(raw, 1 << 16));
                } catch (ZipException | EOFException e) {
                    throw new DataFormatException(file, "not gzip: bad gzip header (" + e.getMessage() + "); "
                            + REFETCH, e);
                }
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        }

        long readUnsignedInt(String what) throws IOException {
            byte[] b = readFully(4, what);
            headerBytesRead += 4;
            return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
        }

        private byte[] readFully(int n, String what) throws IOException {
            byte[] b = new byte[n];
            int got = read(b, 0, n);
            if (got < n) {
                throw new DataFormatException(file, "truncated: the file ends inside the IDX header (at the "
                        + what + ", byte " + (headerBytesRead + got) + "); " + REFETCH);
            }
            return b;
        }

        /** Reads exactly {@code n} bytes after a header of {@code headerSize} bytes, then expects the end. */
        byte[] readBody(long n, int headerSize) throws IOException {
            long expectedSize = headerSize + n;
            if (!gzip && fileSize != expectedSize) {
                String what = fileSize < expectedSize ? "truncated" : "wrong file length";
                throw new DataFormatException(file, what + ": the header implies " + expectedSize
                        + " bytes, the file has " + fileSize + "; " + REFETCH);
            }
            if (gzip && expectedSize > fileSize * MAX_GZIP_RATIO) {
                throw new DataFormatException(file, "header too large: it claims " + n + " data bytes, more than"
                        + " a gzip file of " + fileSize + " bytes can hold; " + REFETCH);
            }
            // A gzip header's claim is bounded only by deflate's ratio (up to 2 GiB for a 2 MiB file):
            // start at 16x the file, which holds MNIST's 4.7:1 in one array, and grow as data arrives.
            int capacity = gzip ? (int) Math.min(n, Math.max(INITIAL_GZIP_BODY, 16 * fileSize)) : (int) n;
            byte[] body = new byte[capacity];
            int got = read(body, 0, capacity);
            while (got == body.length && got < n) {
                body = Arrays.copyOf(body, (int) Math.min(n, 2L * body.length));
                got += read(body, got, body.length - got);
            }
            if (got < n) {
                throw new DataFormatException(file, "truncated: the header implies " + expectedSize
                        + " bytes of data, the file holds " + (headerSize + got) + "; " + REFETCH);
            }
            if (readByte() >= 0) {
                throw new DataFormatException(file, "wrong file length: there are bytes after the "
                        + expectedSize + " the header implies; " + REFETCH);
            }
            return body;
        }

        private int readByte() throws IOException {
            try {
                return in.read();
            } catch (ZipException | EOFException e) {
                throw corrupt(e);
            }
        }

        private int read(byte[] b, int off, int n) throws IOException {
            try {
                return in.readNBytes(b, off, n);
            } catch (EOFException e) {
                // GZIPInputStream reports a stream cut inside the deflate data this way.
                throw new DataFormatException(file, "truncated: the gzip stream ends early (" + e.getMessage()
                        + "); " + REFETCH, e);
            } catch (ZipException e) {
                throw corrupt(e);
            }
        }

        private DataFormatException corrupt(IOException e) {
            return new DataFormatException(file, "corrupt gzip data (" + e.getMessage() + "); " + REFETCH, e);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
