package dev.jnn.nn.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per kind of damage: each must fail with one line that names the file and the problem. */
class DamagedFileTest {

    @TempDir
    Path dir;

    /** Writes length field {@code n}, then {@code header} bytes, then {@code dataBytes} zero bytes. */
    private Path file(long n, byte[] header, int dataBytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(n).put(header);
        Path p = dir.resolve("damaged.safetensors");
        Files.write(p, b.array());
        return p;
    }

    private Path file(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return file(h.length, h, dataBytes);
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    private void assertRefused(Path p, String expected) {
        assertThatThrownBy(() -> SafeTensorsFile.read(p))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageStartingWith(p + ": ")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .satisfies(e -> assertThat(((SafeTensorsFormatException) e).file()).isEqualTo(p));
    }

    @Test
    void aValidHandMadeFileIsAccepted() throws IOException {
        Path p = file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "I64", "[]", 8, 16) + "}  ", 16);
        assertThat(SafeTensorsFile.read(p).tensors().keySet()).containsExactly("a", "b");
    }

    @Test
    void headerOrderMayDifferFromDataOrderAndIsKept() throws IOException {
        // The official writer orders data by dtype alignment, not by header order.
        Path p = file("{" + entry("late", "F32", "[1]", 8, 12) + "," + entry("early", "I64", "[1]", 0, 8) + ","
                + entry("empty", "F32", "[0]", 12, 12) + "}", 12);
        SafeTensorsFile f = SafeTensorsFile.read(p);
        assertThat(f.tensors().keySet()).containsExactly("late", "early", "empty");
        assertThat(f.tensor("late").byteSize()).isEqualTo(4);
    }

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        Path p = dir.resolve("short.safetensors");
        Files.write(p, new byte[] {1, 2, 3});
        assertRefused(p, "file is 3 bytes, too short for a safetensors file");
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        assertRefused(file(1000, "{}".getBytes(StandardCharsets.US_ASCII), 0),
                "header length 1000 exceeds the 2 bytes after the length field; the file is truncated");
    }

    @Test
    void headerLengthOverTheHundredMegabyteLimit() throws IOException {
        assertRefused(file(100_000_001L, "{}".getBytes(StandardCharsets.US_ASCII), 0),
                "header length 100000001 exceeds the safetensors limit of 100000000 bytes");
    }

    @Test
    void headerLengthAboveTwoToTheSixtyThree() throws IOException {
        assertRefused(file(-1L, new byte[0], 0), "header length 18446744073709551615 exceeds the safetensors limit");
    }

    @Test
    void invalidJson() throws IOException {
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",}}", 0), "invalid JSON header: expected a string key at character 20");
    }

    @Test
    void trailingGarbageAfterTheJsonObject() throws IOException {
        assertRefused(file("{} x", 0), "invalid JSON header: unexpected data after the JSON value at character 3");
    }

    @Test
    void headerThatIsNotUtf8() throws IOException {
        assertRefused(file(4, new byte[] {'{', (byte) 0xff, '}', ' '}, 0), "header is not valid UTF-8");
    }

    @Test
    void headerThatIsNotAnObject() throws IOException {
        assertRefused(file("[1, 2]  ", 0), "header does not start with '{'");
    }

    @Test
    void unknownDtype() throws IOException {
        assertRefused(file("{" + entry("w", "F8_E4M3", "[1]", 0, 1) + "}", 1),
                "tensor \"w\": unknown dtype \"F8_E4M3\" (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
    }

    @Test
    void negativeDimension() throws IOException {
        assertRefused(file("{" + entry("w", "F32", "[2,-3]", 0, 0) + "}", 0),
                "tensor \"w\": shape [2, -3] holds the negative number -3");
    }

    @Test
    void elementCountOverflow() throws IOException {
        assertRefused(file("{" + entry("w", "F32", "[4294967296,4294967296]", 0, 0) + "}", 0),
                "tensor \"w\": shape [4294967296, 4294967296] is invalid: element count of shape");
    }

    @Test
    void byteCountOverflow() throws IOException {
        assertRefused(file("{" + entry("w", "F64", "[4611686018427387904]", 0, 0) + "}", 0),
                "its byte size overflows a 64-bit integer");
    }

    @Test
    void dimensionBeyondSixtyFourBits() throws IOException {
        assertRefused(file("{" + entry("w", "F32", "[18446744073709551616]", 0, 0) + "}", 0),
                "holds 18446744073709551616, larger than a 64-bit integer");
    }

    @Test
    void trillionElementClaimIsRefusedBeforeAllocation() throws IOException {
        // 10^12 floats would need 4 TB; the file holds 16 data bytes, so nothing may be allocated.
        assertRefused(file("{" + entry("w", "F32", "[1000000,1000000]", 0, 4_000_000_000_000L) + "}", 16),
                "data_offsets [0, 4000000000000] reach past the end of the data (16 bytes)");
    }

    @Test
    void truncatedData() throws IOException {
        assertRefused(file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[3]", 8, 20) + "}", 12),
                "tensor \"b\": data_offsets [8, 20] reach past the end of the data (12 bytes); the file is truncated");
    }

    @Test
    void offsetsThatDoNotMatchTheShape() throws IOException {
        assertRefused(file("{" + entry("w", "F32", "[2]", 0, 4) + "}", 4),
                "tensor \"w\": data_offsets [0, 4] hold 4 bytes but shape [2] of F32 needs 8");
    }

    @Test
    void offsetsThatEndBeforeTheyBegin() throws IOException {
        assertRefused(file("{" + entry("w", "F32", "[0]", 8, 4) + "}", 8), "data_offsets [8, 4] end before they begin");
    }

    @Test
    void threeOffsets() throws IOException {
        assertRefused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,4]}}", 4),
                "data_offsets must hold exactly two numbers [begin, end], found 3");
    }

    @Test
    void overlappingTensors() throws IOException {
        assertRefused(file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", 12),
                "tensors \"a\" and \"b\" overlap (bytes 4 to 8 of the data)");
    }

    @Test
    void gapBetweenTensors() throws IOException {
        assertRefused(file("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", 12),
                "bytes 4 to 8 of the data belong to no tensor; the format forbids gaps");
    }

    @Test
    void leftoverBytesAfterTheLastTensor() throws IOException {
        assertRefused(file("{" + entry("a", "F32", "[1]", 0, 4) + "}", 9),
                "5 bytes after the last tensor's data belong to no tensor");
    }

    @Test
    void duplicateTensorNames() throws IOException {
        assertRefused(file("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("a", "F32", "[1]", 4, 8) + "}", 8),
                "invalid JSON header: duplicate key \"a\"");
    }

    @Test
    void duplicateFieldInsideAnEntry() throws IOException {
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                "duplicate key \"dtype\"");
    }

    @Test
    void missingAndUnknownEntryFields() throws IOException {
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4), "tensor \"a\": missing field \"shape\"");
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4),
                "tensor \"a\": unknown field \"x\"");
        assertRefused(file("{\"a\":[1,2]}", 0), "tensor \"a\": expected an object with dtype, shape and data_offsets");
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4),
                "tensor \"a\": shape must be a list of non-negative integers, found 1.5");
    }

    @Test
    void metadataWithNonStringValues() throws IOException {
        assertRefused(file("{\"__metadata__\":{\"epochs\":3}}", 0),
                "__metadata__ value of \"epochs\" is not a string; the format allows only string values");
    }

    @Test
    void hostileNestingDepth() throws IOException {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertRefused(file("{\"__metadata__\":" + deep + "}", 0), "nesting deeper than 64 levels");
    }

    @Test
    void randomDamageIsAlwaysReportedAsAFormatErrorOrReadsCleanly() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafeTensorsFile.write(good, Map.of(
                "conv.weight", RawTensor.ofFloats(new long[] {2, 1, 2, 2}, 1, 2, 3, 4, 5, 6, 7, 8),
                "bn.num_batches_tracked", RawTensor.ofLongs(new long[] {}, 3)), Map.of("format", "pt"));
        byte[] original = Files.readAllBytes(good);
        java.util.Random random = new java.util.Random(42);
        Path p = dir.resolve("fuzzed.safetensors");
        int refused = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = original.clone();
            switch (round % 3) {
                case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                default -> bytes[random.nextInt(Math.min(bytes.length, 120))] = (byte) random.nextInt(256);
            }
            Files.write(p, bytes);
            try {
                SafeTensorsFile.read(p);
            } catch (SafeTensorsFormatException e) {
                assertThat(e.getMessage()).startsWith(p + ": ").doesNotContain("\n");
                refused++;
            }
        }
        assertThat(refused).isGreaterThan(2000);
    }

    @Test
    void missingFileSaysSo() {
        Path p = dir.resolve("absent.safetensors");
        assertThatThrownBy(() -> SafeTensorsFile.read(p)).isInstanceOf(NoSuchFileException.class)
                .hasMessage(p + ": no such file");
    }

    @Test
    void emptyFileAndMetadataOnlyFileAreValid() throws IOException {
        assertThat(SafeTensorsFile.read(file("{}      ", 0)).tensors()).isEmpty();
        assertThat(SafeTensorsFile.read(file("{\"__metadata__\":{\"k\":\"v\"}}", 0)).metadata()).isEqualTo(Map.of("k", "v"));
    }
}
