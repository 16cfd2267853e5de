package dev.jnn.nn.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsRoundTripTest {

    @TempDir
    Path dir;

    private static Map<String, RawTensor> mixedTensors() {
        Map<String, RawTensor> m = new LinkedHashMap<>();
        // Deliberately not alphabetical: the writer must keep the caller's order.
        m.put("z.weight", RawTensor.ofFloats(new long[] {2, 3}, 1f, -2.5f, 3.25f, Float.MIN_VALUE, -0f, 1e30f));
        m.put("bn.num_batches_tracked", RawTensor.ofLongs(new long[] {}, 7L));
        m.put("f64", RawTensor.ofDoubles(new long[] {2}, Math.PI, -1e300));
        m.put("i32", RawTensor.ofInts(new long[] {3}, Integer.MIN_VALUE, 0, Integer.MAX_VALUE));
        m.put("empty", RawTensor.ofFloats(new long[] {0, 4}));
        m.put("odd", RawTensor.ofFloats(new long[] {1, 1, 3}, 0.1f, 0.2f, 0.3f));
        return m;
    }

    @Test
    void roundTripKeepsOrderDtypesShapesValuesAndMetadata() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Map<String, RawTensor> tensors = mixedTensors();
        Map<String, String> meta = Map.of("format", "pt", "note", "zwei \"Wörter\"\n");
        SafeTensorsFile.write(file, tensors, meta);

        SafeTensorsFile back = SafeTensorsFile.read(file);
        assertThat(back.tensors().keySet()).containsExactlyElementsOf(tensors.keySet());
        assertThat(back.tensors()).isEqualTo(tensors);
        assertThat(back.metadata()).isEqualTo(meta);
        assertThat(back.tensor("z.weight").toFloatArray()).containsExactly(1f, -2.5f, 3.25f, Float.MIN_VALUE, -0f, 1e30f);
        assertThat(back.tensor("bn.num_batches_tracked").toLongArray()).containsExactly(7L);
        assertThat(back.tensor("bn.num_batches_tracked").elementCount()).isEqualTo(1);
        assertThat(back.tensor("f64").toDoubleArray()).containsExactly(Math.PI, -1e300);
        assertThat(back.tensor("i32").toLongArray()).containsExactly(Integer.MIN_VALUE, 0, Integer.MAX_VALUE);
        assertThat(back.tensor("empty").shape()).containsExactly(0, 4);
        assertThat(back.tensor("empty").toFloatArray()).isEmpty();
    }

    @Test
    void headerIsPaddedWithSpacesSoDataStartsEightByteAligned() throws IOException {
        Path file = dir.resolve("a.safetensors");
        SafeTensorsFile.write(file, Map.of("w", RawTensor.ofFloats(new long[] {1}, 2f)), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(n % 8).isZero();
        assertThat(header).startsWith("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
        assertThat(header.strip()).hasSizeLessThan(header.length()); // padding present: the JSON is 59 bytes
        assertThat(header.substring(header.strip().length())).matches(" +");
        assertThat(bytes.length).isEqualTo(8 + n + 4);
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensorsFile.write(file, Map.of("a", RawTensor.ofFloats(new long[] {1}, 1f)), Map.of());
        SafeTensorsFile.write(file, Map.of("b", RawTensor.ofLongs(new long[] {2}, 3L, 4L)), Map.of());
        assertThat(SafeTensorsFile.read(file).tensors().keySet()).containsExactly("b");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("model.safetensors");
        }
    }

    @Test
    void failedWriteLeavesTheTargetAndNoTemporaryFile() throws IOException {
        // The target is a non-empty folder, so the final rename fails after the data was written.
        Path target = dir.resolve("taken");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "x");
        assertThatThrownBy(() -> SafeTensorsFile.write(target, Map.of("a", RawTensor.ofFloats(new long[] {1}, 1f)), Map.of()))
                .isInstanceOf(IOException.class);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("taken");
        }
        assertThat(target.resolve("keep.txt")).hasContent("x");
    }

    @Test
    void escapedAndNonAsciiNamesRoundTrip() throws IOException {
        Path file = dir.resolve("names.safetensors");
        Map<String, RawTensor> tensors = new LinkedHashMap<>();
        for (String name : List.of("quote\"back\\slash", "权重.weight", "tab\tnew\nline", "ctl\u0001", "emoji😀")) {
            tensors.put(name, RawTensor.ofFloats(new long[] {1}, name.length()));
        }
        SafeTensorsFile.write(file, tensors, Map.of("ключ", "значение"));
        SafeTensorsFile back = SafeTensorsFile.read(file);
        assertThat(back.tensors()).isEqualTo(tensors);
        assertThat(back.metadata()).containsEntry("ключ", "значение");
    }

    @Test
    void halfPrecisionTypesWidenExactly() {
        ByteBuffer f16 = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        f16.putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-0.099975586f)).putShort(Float.floatToFloat16(65504f));
        assertThat(new RawTensor(DType.F16, new long[] {3}, f16.flip()).toFloatArray())
                .containsExactly(1.5f, -0.099975586f, 65504f);
        ByteBuffer bf16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        bf16.putShort((short) (Float.floatToIntBits(-3.0f) >>> 16)).putShort((short) (Float.floatToIntBits(1e20f) >>> 16));
        float[] widened = new RawTensor(DType.BF16, new long[] {2}, bf16.flip()).toFloatArray();
        assertThat(widened[0]).isEqualTo(-3.0f);
        assertThat(Float.floatToIntBits(widened[1])).isEqualTo(Float.floatToIntBits(1e20f) & 0xffff0000);
    }

    @Test
    void integerConversionsKeepSignednessPerType() {
        ByteBuffer b = ByteBuffer.wrap(new byte[] {(byte) 0xff, 1});
        assertThat(new RawTensor(DType.I8, new long[] {2}, b).toLongArray()).containsExactly(-1, 1);
        assertThat(new RawTensor(DType.U8, new long[] {2}, b).toLongArray()).containsExactly(255, 1);
        assertThat(new RawTensor(DType.U8, new long[] {2}, b).toFloatArray()).containsExactly(255f, 1f);
        assertThat(RawTensor.ofLongs(new long[] {1}, 1L << 40).toDoubleArray()).containsExactly(1099511627776.0);
    }

    @Test
    void rawTensorRefusesMismatchedBytesAndWrongConversions() {
        assertThatThrownBy(() -> new RawTensor(DType.F32, new long[] {3}, ByteBuffer.allocate(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RawTensor: shape [3] of F32 needs 12 bytes but the buffer has 8");
        assertThatThrownBy(() -> RawTensor.ofFloats(new long[] {1}, 1f).toLongArray())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tensor is F32, not an integer type");
        assertThatThrownBy(() -> new RawTensor(DType.F32, new long[] {-1}, ByteBuffer.allocate(0)))
                .hasMessageContaining("negative dimension -1");
    }

    @Test
    void rawTensorIsImmutable() {
        long[] shape = {2};
        RawTensor t = RawTensor.ofInts(shape, 5, 6);
        shape[0] = 99;
        t.shape()[0] = 77;
        t.data().position(4);
        assertThat(t.shape()).containsExactly(2);
        assertThat(t.data().position()).isZero();
        assertThat(t.data().isReadOnly()).isTrue();
        assertThat(t.toLongArray()).containsExactly(5, 6);
    }

    @Test
    void missingTensorNamesTheOnesPresent() {
        SafeTensorsFile f = new SafeTensorsFile(Map.of("a", RawTensor.ofFloats(new long[] {1}, 1f)), Map.of());
        assertThatThrownBy(() -> f.tensor("b")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("no tensor \"b\"; present: [a]");
    }

    @Test
    void reservedAndInvalidNamesAreRefused() {
        assertThatThrownBy(() -> new SafeTensorsFile(Map.of("__metadata__", RawTensor.ofFloats(new long[] {1}, 1f)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> new SafeTensorsFile(Map.of("bad\uD800", RawTensor.ofFloats(new long[] {1}, 1f)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
    }
}
