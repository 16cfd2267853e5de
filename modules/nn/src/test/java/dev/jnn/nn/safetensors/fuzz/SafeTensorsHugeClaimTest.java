package dev.jnn.nn.safetensors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.nn.safetensors.SafeTensorsFile;
import dev.jnn.nn.safetensors.SafeTensorsFormatException;
import dev.jnn.testing.AllocationMeter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Headers that claim far more than the file holds are refused before anything is allocated: the
 * reader's heap use, measured per thread, stays under a mebibyte whatever the claim.
 */
class SafeTensorsHugeClaimTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("huge.safetensors"), bytes);
    }

    /** Reads {@code file}, expects a refusal containing {@code expected}, and returns the bytes allocated. */
    private static long refusedAllocating(Path file, String expected) {
        long before = AllocationMeter.allocatedBytes();
        assertThatThrownBy(() -> SafeTensorsFile.read(file))
                .isInstanceOf(SafeTensorsFormatException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(expected);
        return AllocationMeter.allocatedBytes() - before;
    }

    @Test
    void terabyteTensorIsRefusedBeforeAllocation() throws IOException {
        // 10^12 F32 elements, 4 TB of data claimed, 16 bytes present.
        Path file = write(SafeTensorsInputs.file(
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000],\"data_offsets\":[0,4000000000000]}}", new byte[16]));
        long allocated = refusedAllocating(file, "data_offsets [0, 4000000000000] reach past the end of the data (16 bytes)");
        assertThat(allocated).isLessThan(MIB);
    }

    @Test
    void trillionElementsInSixteenBytesAreRefusedBeforeAllocation() throws IOException {
        Path file = write(SafeTensorsInputs.file(
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000],\"data_offsets\":[0,16]}}", new byte[16]));
        long allocated = refusedAllocating(file, "hold 16 bytes but shape [1000000, 1000000] of F32 needs 4000000000000");
        assertThat(allocated).isLessThan(MIB);
    }

    @Test
    void terabyteHeaderLengthIsRefusedBeforeAllocation() throws IOException {
        byte[] bytes = SafeTensorsInputs.file("{}", new byte[0]);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1_000_000_000_000L);
        long allocated = refusedAllocating(write(bytes), "header length 1000000000000 exceeds the safetensors limit");
        assertThat(allocated).isLessThan(MIB);
    }

    @Test
    void headerLengthUnderTheLimitButPastTheFileIsRefusedBeforeAllocation() throws IOException {
        byte[] bytes = SafeTensorsInputs.file("{}      ", new byte[0]);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 99_999_999L);
        long allocated = refusedAllocating(write(bytes), "header length 99999999 exceeds the 8 bytes after the length field");
        assertThat(allocated).isLessThan(MIB);
    }

    @Test
    void aMillionDimensionShapeCostsAtMostSixtyFourBytesPerFileByte() throws IOException {
        // The worst legal amplification: a shape of 2^19 ones is 1 MiB of header and 4 bytes of data,
        // and every "1," becomes a BigInteger, a list slot and a long.
        String shape = "[" + "1,".repeat((1 << 19) - 1) + "1]";
        Path file = write(SafeTensorsInputs.file(
                "{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,4]}}", new byte[4]));
        long size = Files.size(file);
        long before = AllocationMeter.allocatedBytes();
        SafeTensorsFile f = SafeTensorsFile.read(file);
        long allocated = AllocationMeter.allocatedBytes() - before;
        assertThat(f.tensor("w").shape()).hasSize(1 << 19);
        System.out.printf("a %d-byte file with a shape of 2^19 dimensions: %d bytes allocated (%.1f per file byte)%n",
                size, allocated, allocated / (double) size);
        assertThat(allocated).isLessThan(64 * size);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0,", "\"a\",", "[],", "{},", "1.5,", "123456789012,", "null,"})
    void aMebibyteOfOneJsonValueRepeatedCostsAtMostSixtyFourBytesPerFileByte(String item) throws IOException {
        // The header is parsed before it is checked, so JSON of any shape is held in memory at once.
        int count = (1 << 20) / item.length();
        String list = "[" + item.repeat(count) + "0]";
        Path file = write(SafeTensorsInputs.file("{\"__metadata__\":{\"k\":" + list + "}}", new byte[0]));
        long size = Files.size(file);
        long allocated = refusedAllocating(file, "__metadata__ value of \"k\" is not a string");
        System.out.printf("a %d-byte header of %s repeated: %d bytes allocated (%.1f per file byte)%n",
                size, item, allocated, allocated / (double) size);
        assertThat(allocated).isLessThan(64 * size);
    }
}
