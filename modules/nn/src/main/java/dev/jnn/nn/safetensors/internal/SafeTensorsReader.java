package dev.jnn.nn.safetensors.internal;

import dev.jnn.nn.safetensors.DType;
import dev.jnn.nn.safetensors.RawTensor;
import dev.jnn.nn.safetensors.SafeTensorsFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and validates a safetensors file. Everything in the header is checked against the file
 * size before any tensor memory is allocated, so a hostile header cannot make the reader allocate
 * more than the file holds.
 */
public final class SafeTensorsReader {

    private static final long MAX_HEADER_BYTES = SafeTensorsLimits.MAX_HEADER_BYTES;

    private static final String METADATA_KEY = SafeTensorsLimits.METADATA_KEY;

    private static final String SUPPORTED = Arrays.stream(DType.values()).map(DType::name).collect(Collectors.joining(", "));

    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");

    private final Path file;

    private SafeTensorsReader(Path file) {
        this.file = file;
    }

    /** One header entry after validation; offsets are relative to the data buffer. */
    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    /**
     * What a file holds, as read.
     *
     * @param tensors tensors in header order
     * @param metadata the {@code __metadata__} map, empty when absent
     */
    public record Contents(Map<String, RawTensor> tensors, Map<String, String> metadata) {
    }

    /** Reads and validates {@code file}; see {@code SafeTensorsFile.read(Path)}. */
    public static Contents read(Path file) throws IOException {
        return new SafeTensorsReader(file).read();
    }

    private Contents read() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw fail("file is " + size + " bytes, too short for a safetensors file (8-byte header length "
                        + "+ JSON header); it is truncated or not a safetensors file");
            }
            long n = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            // n is an unsigned 64-bit count: a negative long is above 2^63, far over the limit.
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw fail("header length " + Long.toUnsignedString(n) + " exceeds the safetensors limit of "
                        + MAX_HEADER_BYTES + " bytes; the file is damaged or not a safetensors file");
            }
            if (n > size - 8) {
                throw fail("header length " + n + " exceeds the " + (size - 8) + " bytes after the length field; "
                        + "the file is truncated or not a safetensors file");
            }
            long bufferBytes = size - 8 - n;
            Map<String, Object> header = parseHeader(readFully(ch, 8, (int) n));
            Map<String, String> metadata = Map.of();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, Object> e : header.entrySet()) {
                if (e.getKey().equals(METADATA_KEY)) {
                    metadata = metadata(e.getValue());
                } else {
                    entries.add(entry(e.getKey(), e.getValue(), bufferBytes));
                }
            }
            checkCoverage(entries, bufferBytes);
            Map<String, RawTensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer data = readFully(ch, 8 + n + e.begin, (int) (e.end - e.begin));
                tensors.put(e.name, new RawTensor(e.dtype, e.shape, data));
            }
            return new Contents(tensors, metadata);
        }
    }

    private Map<String, Object> parseHeader(ByteBuffer bytes) throws SafeTensorsFormatException {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw fail("header is not valid UTF-8; the file is damaged or not a safetensors file");
        }
        if (json.isEmpty() || json.charAt(0) != '{') {
            throw fail("header does not start with '{'; the file is damaged or not a safetensors file");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) StrictJson.parse(json);
            return root;
        } catch (StrictJson.JsonSyntaxException e) {
            throw fail("invalid JSON header: " + e.getMessage());
        }
    }

    private Map<String, String> metadata(Object value) throws SafeTensorsFormatException {
        if (value == StrictJson.NULL) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw fail(METADATA_KEY + " must be an object of string values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw fail(METADATA_KEY + " value of \"" + StrictJson.abbreviate((String) e.getKey()) + "\" is not a string; "
                        + "the format allows only string values");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private Entry entry(String name, Object value, long bufferBytes) throws SafeTensorsFormatException {
        String where = "tensor \"" + StrictJson.abbreviate(name) + "\": ";
        if (!(value instanceof Map<?, ?> fields)) {
            throw fail(where + "expected an object with dtype, shape and data_offsets");
        }
        for (String f : ENTRY_FIELDS) {
            if (!fields.containsKey(f)) {
                throw fail(where + "missing field \"" + f + "\"");
            }
        }
        for (Object f : fields.keySet()) {
            if (!ENTRY_FIELDS.contains(f)) {
                throw fail(where + "unknown field \"" + StrictJson.abbreviate((String) f) + "\" (expected dtype, shape, data_offsets)");
            }
        }
        if (!(fields.get("dtype") instanceof String dtypeName)) {
            throw fail(where + "dtype must be a string such as \"F32\"");
        }
        DType dtype = DType.fromSafetensorsName(dtypeName).orElseThrow(() -> fail(where + "unknown dtype \""
                + StrictJson.abbreviate(dtypeName) + "\" (supported: " + SUPPORTED + ")"));
        long[] shape = longs(fields.get("shape"), where + "shape");
        long bytes;
        try {
            bytes = Math.multiplyExact(RawTensor.elementCount(shape), dtype.byteSize());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw fail(where + "shape " + Arrays.toString(shape) + " is invalid: "
                    + (e instanceof ArithmeticException ? "its byte size overflows a 64-bit integer" : e.getMessage()));
        }
        long[] offsets = longs(fields.get("data_offsets"), where + "data_offsets");
        if (offsets.length != 2) {
            throw fail(where + "data_offsets must hold exactly two numbers [begin, end], found " + offsets.length);
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw fail(where + "data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        if (end > bufferBytes) {
            throw fail(where + "data_offsets [" + begin + ", " + end + "] reach past the end of the data ("
                    + bufferBytes + " bytes); the file is truncated or damaged");
        }
        if (end - begin != bytes) {
            throw fail(where + "data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
                    + " bytes but shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes);
        }
        if (bytes > Integer.MAX_VALUE - 8) {
            throw fail(where + bytes + " bytes; tensors over 2 GiB are not supported");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** A JSON array of integers in [0, Long.MAX_VALUE]; anything else is a clear error. */
    private long[] longs(Object value, String what) throws SafeTensorsFormatException {
        if (!(value instanceof List<?> list)) {
            throw fail(what + " must be a list of non-negative integers");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof BigInteger v)) {
                throw fail(what + " must be a list of non-negative integers, found " + StrictJson.abbreviate(String.valueOf(list.get(i))));
            }
            if (v.signum() < 0) {
                throw fail(what + " " + StrictJson.abbreviate(list.toString()) + " holds the negative number " + v);
            }
            if (v.bitLength() > 63) {
                throw fail(what + " " + StrictJson.abbreviate(list.toString()) + " holds " + v + ", larger than a 64-bit integer");
            }
            out[i] = v.longValue();
        }
        return out;
    }

    /**
     * The spec requires the tensors to cover the data buffer exactly: no overlaps, no holes, no
     * trailing bytes (so a file cannot smuggle a second format inside it).
     */
    private void checkCoverage(List<Entry> entries, long bufferBytes) throws SafeTensorsFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin < covered) {
                throw fail("tensors \"" + StrictJson.abbreviate(previous.name) + "\" and \"" + StrictJson.abbreviate(e.name) + "\" overlap (bytes " + e.begin
                        + " to " + covered + " of the data); the file is damaged");
            }
            if (e.begin > covered) {
                throw fail("bytes " + covered + " to " + e.begin + " of the data belong to no tensor; "
                        + "the format forbids gaps, the file is damaged");
            }
            covered = e.end;
            previous = e;
        }
        if (covered != bufferBytes) {
            throw fail((bufferBytes - covered) + " bytes after the last tensor's data belong to no tensor; "
                    + "the format forbids trailing data, the file is damaged");
        }
    }

    private ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new EOFException(file + ": file ended while reading; it was truncated during the read");
            }
        }
        return buf.flip();
    }

    private SafeTensorsFormatException fail(String problem) {
        return new SafeTensorsFormatException(file, problem);
    }
}
