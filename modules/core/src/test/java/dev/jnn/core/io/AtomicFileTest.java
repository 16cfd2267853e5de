package dev.jnn.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that succeed replace the file whole; writes that really fail (a full disk, a read-only
 * file system, a folder deleted meanwhile, a folder in the way) leave the previous file byte for
 * byte and no temporary file, and say which file and why in one line.
 */
class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void aWriteReplacesTheFileAndLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("metrics.csv");
        AtomicFile.writeString(f, "one\n");
        AtomicFile.writeString(f, "two\n");
        assertThat(f).hasContent("two");
        assertThat(names(dir)).containsExactly("metrics.csv");
    }

    @Test
    void aFullDiskKeepsThePreviousFile() throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setMaxSize(64 << 10).setBlockSize(4096).build())) {
            Path run = Files.createDirectories(fs.getPath("/run"));
            Path f = run.resolve("model.safetensors");
            AtomicFile.write(f, tmp -> Files.write(tmp, new byte[20 << 10]));
            byte[] before = Files.readAllBytes(f);
            assertThatThrownBy(() -> AtomicFile.write(f, tmp -> Files.write(tmp, new byte[60 << 10])))
                    .isInstanceOf(FileWriteException.class)
                    .hasMessage("cannot write /run/model.safetensors: no space left on device; the file there before is unchanged")
                    .satisfies(e -> assertThat(((FileWriteException) e).reason()).isEqualTo("no space left on device"));
            assertThat(Files.readAllBytes(f)).isEqualTo(before);
            assertThat(names(run)).containsExactly("model.safetensors");
        }
    }

    @Test
    void aReadOnlyFileSystemIsNamed() throws Exception {
        // A zip file system opened read-only: it refuses writes for root too, unlike file permissions.
        Path zip = dir.resolve("run.zip");
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"))) {
            Files.writeString(fs.getPath("/metrics.csv"), "old\n");
        }
        byte[] zipBefore = Files.readAllBytes(zip);
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("accessMode", "readOnly"))) {
            Path f = fs.getPath("/metrics.csv");
            assertThatThrownBy(() -> AtomicFile.writeString(f, "new\n"))
                    .isInstanceOf(FileWriteException.class)
                    .hasMessage("cannot write /metrics.csv: read-only file system; the file there before is unchanged");
            assertThat(f).hasContent("old");
        }
        assertThat(Files.readAllBytes(zip)).isEqualTo(zipBefore);
    }

    @Test
    void aFolderDeletedMeanwhileIsReportedNotMadeAgain() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path f = run.resolve("metrics.csv");
        assertThatThrownBy(() -> AtomicFile.write(f, tmp -> {
            Files.delete(tmp);
            Files.delete(run);
            Files.writeString(tmp, "x");
        })).isInstanceOf(FileWriteException.class)
                .hasMessage("cannot write " + f + ": the folder " + run + " does not exist (was it deleted or moved?)")
                .hasCauseInstanceOf(NoSuchFileException.class);
        assertThat(run).doesNotExist();
    }

    @Test
    void aFailingContentRemovesTheTemporaryFile() throws Exception {
        Path f = Files.writeString(dir.resolve("curves.png"), "old");
        assertThatThrownBy(() -> AtomicFile.write(f, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("No space left on device");
        })).hasMessage("cannot write " + f + ": no space left on device; the file there before is unchanged");
        assertThat(f).hasContent("old");
        assertThat(names(dir)).containsExactly("curves.png");
    }

    @Test
    void aFolderInTheWayFailsTheRenameAndKeepsTheFolder() throws Exception {
        Path f = Files.createDirectories(dir.resolve("model.safetensors"));
        Files.writeString(f.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> AtomicFile.writeString(f, "weights"))
                .isInstanceOf(FileWriteException.class)
                .hasMessage("cannot write " + f + ": a folder of that name is in the way");
        assertThat(f.resolve("keep.txt")).hasContent("mine");
        assertThat(names(dir)).containsExactly("model.safetensors");
    }

    @Test
    void commitNewNeverReplacesAFile() throws Exception {
        Path f = dir.resolve("t10k-labels-idx1-ubyte");
        try (AtomicFile a = AtomicFile.create(f)) {
            a.fill(tmp -> Files.writeString(tmp, "fetched"));
            Files.writeString(f, "the user's");   // appears while the fetch runs
            assertThatThrownBy(a::commitNew).isInstanceOf(FileWriteException.class)
                    .hasMessageContaining("a file of that name appeared meanwhile (left as it is)");
        }
        assertThat(f).hasContent("the user's");
        assertThat(names(dir)).containsExactly("t10k-labels-idx1-ubyte");

        Path g = dir.resolve("train-labels-idx1-ubyte");
        try (AtomicFile b = AtomicFile.create(g)) {
            b.fill(tmp -> Files.writeString(tmp, "fetched"));
            b.commitNew();
        }
        assertThat(g).hasContent("fetched");
        assertThat(names(dir)).containsExactlyInAnyOrder("t10k-labels-idx1-ubyte", "train-labels-idx1-ubyte");
    }

    @Test
    void anAbandonedWriteLeavesNothingAndTemporaryNamesAreRecognised() throws Exception {
        Path f = dir.resolve("checkpoint.safetensors");
        Path temp;
        try (AtomicFile a = AtomicFile.create(f)) {
            temp = a.temp();
            assertThat(temp.getParent()).isEqualTo(dir);
            assertThat(AtomicFile.isTemporary(temp)).isTrue();
            assertThat(AtomicFile.isTemporaryFor(temp, "checkpoint.safetensors")).isTrue();
            assertThat(AtomicFile.isTemporaryFor(temp, "model.safetensors")).isFalse();
        }
        assertThat(temp).doesNotExist();
        assertThat(f).doesNotExist();
        assertThat(AtomicFile.isTemporary(dir.resolve("notes.txt"))).isFalse();
    }

    @Test
    void reasonsAreTheSystemsWordsInLowerCase() {
        Path f = dir.resolve("x");
        assertThat(FileWriteException.reasonOf(new IOException("File too large"), f))
                .isEqualTo("file too large (over the file size limit, see 'ulimit -f')");
        assertThat(FileWriteException.reasonOf(new FileSystemException(f.toString(), null, "Read-only file system"), f))
                .isEqualTo("read-only file system");
        assertThat(FileWriteException.reasonOf(new IOException("out of disk space"), f)).isEqualTo("no space left on device");
        assertThat(FileWriteException.reasonOf(new IOException("Input/output error"), f)).isEqualTo("input/output error");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
