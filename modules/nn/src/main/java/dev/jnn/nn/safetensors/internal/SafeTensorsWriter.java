package dev.jnn.nn.safetensors.internal;

import dev.jnn.nn.safetensors.RawTensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a safetensors file atomically: the bytes go to a temporary file in the target's folder,
 * which is forced to disk and then renamed over the target, so readers see the old file or the
 * complete new one, never a half-written one.
 */
public final class SafeTensorsWriter {

    private SafeTensorsWriter() {}

    /** Writes {@code tensors} and {@code metadata} to {@code file} atomically; see {@code SafeTensorsFile.write}. */
    public static void write(Path file, Map<String, RawTensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        // Not Files.createTempFile: it creates mode 0600 files, and the renamed model should get
        // the usual permissions from the umask.
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
                writeFully(ch, length);
                writeFully(ch, ByteBuffer.wrap(header));
                for (RawTensor t : tensors.values()) {
                    writeFully(ch, t.data());
                }
                ch.force(true);
            }
            try {
                // REPLACE_EXISTING too: whether a bare atomic move replaces a file is up to the file system.
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            syncDirectory(dir);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * The JSON header, tensors in the map's order with consecutive offsets, padded with spaces
     * (which the spec allows) so the data starts at an 8-byte boundary.
     */
    private static byte[] header(Map<String, RawTensor> tensors, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            sb.append(quote(SafeTensorsLimits.METADATA_KEY)).append(":{");
            String sep = "";
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                sb.append(sep).append(quote(e.getKey())).append(':').append(quote(e.getValue()));
                sep = ",";
            }
            sb.append('}');
        }
        long offset = 0;
        String sep = metadata.isEmpty() ? "" : ",";
        for (Map.Entry<String, RawTensor> e : tensors.entrySet()) {
            RawTensor t = e.getValue();
            sb.append(sep).append(quote(e.getKey())).append(":{\"dtype\":\"").append(t.dtype().safetensorsName())
                    .append("\",\"shape\":[");
            long[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                sb.append(i == 0 ? "" : ",").append(shape[i]);
            }
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(offset + t.byteSize()).append("]}");
            offset += t.byteSize();
            sep = ",";
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        if (padded > SafeTensorsLimits.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("safetensors header would be " + padded + " bytes, over the format's limit of "
                    + SafeTensorsLimits.MAX_HEADER_BYTES + "; use fewer tensors or shorter names");
        }
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Makes the rename durable; some file systems cannot open a folder, which only weakens durability. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // The file itself is complete and renamed; only crash-durability of the rename is at stake.
        }
    }
}
