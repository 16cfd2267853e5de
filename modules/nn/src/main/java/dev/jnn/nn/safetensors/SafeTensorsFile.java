package dev.jnn.nn.safetensors;

import dev.jnn.nn.safetensors.internal.SafeTensorsLimits;
import dev.jnn.nn.safetensors.internal.SafeTensorsReader;
import dev.jnn.nn.safetensors.internal.SafeTensorsWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The content of a safetensors file: named tensors in header order, plus the free-form string
 * metadata of the {@code __metadata__} header entry.
 *
 * <p>Format (<a href="https://github.com/huggingface/safetensors">huggingface/safetensors</a>):
 * an unsigned 64-bit little-endian header length N, N bytes of UTF-8 JSON
 * {@code {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {"key": "value"}}}, then the data buffer; offsets are relative to the buffer,
 * data is little-endian and row-major. {@link #read} enforces the spec strictly: header at most
 * 100,000,000 bytes, valid UTF-8 JSON starting with '{', no duplicate keys, known dtypes,
 * non-negative dimensions whose byte count fits in 64 bits, offsets that match shape × dtype size,
 * and tensors that cover the data buffer exactly (no overlaps, holes or trailing bytes). Any
 * violation is a {@link SafeTensorsFormatException} whose one-line message names the file.
 *
 * <pre>{@code
 * SafeTensorsFile f = SafeTensorsFile.read(Path.of("cnn.safetensors"));
 * float[] w = f.tensor("conv1.0.weight").toFloatArray();
 * SafeTensorsFile.write(Path.of("copy.safetensors"), f.tensors(), Map.of("format", "pt"));
 * }</pre>
 *
 * @param tensors tensors in file order (unmodifiable; iteration order is the header order)
 * @param metadata the {@code __metadata__} map, empty when absent (unmodifiable)
 */
public record SafeTensorsFile(Map<String, RawTensor> tensors, Map<String, String> metadata) {

    /** The largest header the format allows, in bytes (upstream's MAX_HEADER_SIZE). */
    public static final long MAX_HEADER_BYTES = SafeTensorsLimits.MAX_HEADER_BYTES;

    /** The reserved header key of the string-to-string metadata map. */
    public static final String METADATA_KEY = SafeTensorsLimits.METADATA_KEY;

    /**
     * Copies both maps, keeping their iteration order.
     *
     * @throws IllegalArgumentException for a tensor named {@code __metadata__} or a name or
     *     metadata string that is not valid Unicode
     * @throws NullPointerException for null maps, keys or values
     */
    public SafeTensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        for (Map.Entry<String, RawTensor> e : tensors.entrySet()) {
            checkString(e.getKey(), "tensor name");
            if (e.getKey().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("\"__metadata__\" is reserved by the safetensors format; rename the tensor");
            }
            if (e.getValue() == null) {
                throw new NullPointerException("tensor \"" + e.getKey() + "\" is null");
            }
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            checkString(e.getKey(), "metadata key");
            checkString(e.getValue(), "metadata value");
        }
    }

    private static void checkString(String s, String what) {
        if (s == null) {
            throw new NullPointerException(what + " is null");
        }
        // A lone surrogate would silently become '?' in UTF-8: refuse it rather than rename.
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
            throw new IllegalArgumentException(what + " \"" + s + "\" is not valid Unicode (unpaired surrogate)");
        }
    }

    /**
     * Reads and validates a whole file. Memory use is bounded by the file size: every header
     * claim is checked against it before anything is allocated.
     *
     * @throws SafeTensorsFormatException when the file is damaged or not a safetensors file
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException for other I/O errors
     */
    public static SafeTensorsFile read(Path file) throws IOException {
        try {
            SafeTensorsReader.Contents c = SafeTensorsReader.read(file);
            return new SafeTensorsFile(c.tensors(), c.metadata());
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
    }

    /**
     * Writes {@code tensors} (in the map's iteration order, data consecutive in that order) and
     * {@code metadata} to {@code file}, replacing it atomically: a temporary file in the same
     * folder is written, forced to disk, then renamed. The header is padded with spaces to a
     * multiple of 8 bytes so the data starts 8-byte aligned. On failure the target is unchanged
     * and no temporary file is left.
     *
     * @throws IOException when the folder is missing or not writable, or the disk is full
     */
    public static void write(Path file, Map<String, RawTensor> tensors, Map<String, String> metadata) throws IOException {
        new SafeTensorsFile(tensors, metadata).write(file);
    }

    /** Writes this content to {@code file} atomically; see {@link #write(Path, Map, Map)}. */
    public void write(Path file) throws IOException {
        SafeTensorsWriter.write(file, tensors, metadata);
    }

    /**
     * The tensor with this name.
     *
     * @throws NoSuchElementException naming the missing tensor and the ones present
     */
    public RawTensor tensor(String name) {
        RawTensor t = tensors.get(name);
        if (t == null) {
            throw new NoSuchElementException("no tensor \"" + name + "\"; present: " + tensors.keySet());
        }
        return t;
    }
}
