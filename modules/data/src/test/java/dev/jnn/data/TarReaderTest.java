package dev.jnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.data.internal.TarReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TarReaderTest {
    @Test
    void readsEntriesAndTheirContent() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("package/a.txt", "hello".getBytes());
        files.put("package/data/empty", new byte[0]);
        files.put("package/data/block", new byte[512]);
        files.put("package/data/odd", new byte[] {1, 2, 3});
        TarReader tar = new TarReader(new ByteArrayInputStream(TarTestFiles.tar(files)));

        TarReader.Entry a = tar.next();
        assertThat(a.name()).isEqualTo("package/a.txt");
        assertThat(a.isFile()).isTrue();
        // Skip reading it: next() must skip data and padding.
        assertThat(tar.next().size()).isZero();
        assertThat(tar.next().name()).isEqualTo("package/data/block");
        TarReader.Entry odd = tar.next();
        assertThat(odd.name()).isEqualTo("package/data/odd");
        assertThat(tar.entryStream().readAllBytes()).containsExactly(1, 2, 3);
        assertThat(tar.next()).isNull();
    }

    @Test
    void refusesSomethingThatIsNotTar() {
        byte[] junk = new byte[1024];
        java.util.Arrays.fill(junk, (byte) 'x');
        TarReader tar = new TarReader(new ByteArrayInputStream(junk));
        assertThatThrownBy(tar::next).hasMessageContaining("not a tar archive");
    }
}
