package dev.jnn.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rank, size and local rank from torchrun's, Open MPI's, PMI's and Slurm's variables. */
class LaunchEnvironmentTest {
    @Test
    void torchrunStyleVariablesWin() {
        LaunchEnvironment e = LaunchEnvironment.detect(Map.of("RANK", "5", "WORLD_SIZE", "32", "LOCAL_RANK", "5", "LOCAL_WORLD_SIZE",
                "8", "MASTER_ADDR", "node001", "MASTER_PORT", "29500", "OMPI_COMM_WORLD_RANK", "0", "OMPI_COMM_WORLD_SIZE", "1"));
        assertThat(e).isEqualTo(new LaunchEnvironment("torchrun-style environment (RANK, WORLD_SIZE)", 5, 32, 5, 8, "node001", 29500));
        assertThat(e.distributed()).isTrue();
    }

    @Test
    void openMpiPmiAndSlurm() {
        assertThat(LaunchEnvironment.detect(Map.of("OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "2",
                "OMPI_COMM_WORLD_LOCAL_RANK", "1", "OMPI_COMM_WORLD_LOCAL_SIZE", "2")))
                .isEqualTo(new LaunchEnvironment("Open MPI's mpirun", 1, 2, 1, 2, null, 0));
        assertThat(LaunchEnvironment.detect(Map.of("PMI_RANK", "3", "PMI_SIZE", "4")))
                .isEqualTo(new LaunchEnvironment("a PMI launcher (PMI_RANK)", 3, 4, 0, 1, null, 0));
        assertThat(LaunchEnvironment.detect(Map.of("SLURM_PROCID", "9", "SLURM_NTASKS", "32", "SLURM_LOCALID", "1",
                "SLURM_TASKS_PER_NODE", "8(x4)", "MASTER_ADDR", "n1", "MASTER_PORT", "29500")))
                .isEqualTo(new LaunchEnvironment("Slurm's srun", 9, 32, 1, 8, "n1", 29500));
        assertThat(LaunchEnvironment.detect(Map.of())).isEqualTo(LaunchEnvironment.single());
        assertThat(LaunchEnvironment.single().distributed()).isFalse();
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> LaunchEnvironment.detect(Map.of("RANK", "one", "WORLD_SIZE", "2")))
                .hasMessage("RANK must be a whole number, got 'one'");
        assertThatThrownBy(() -> LaunchEnvironment.detect(Map.of("RANK", "0")))
                .hasMessage("WORLD_SIZE is not set (the launcher sets it with the other rank variables)");
        assertThatThrownBy(() -> LaunchEnvironment.detect(Map.of("RANK", "2", "WORLD_SIZE", "2")))
                .hasMessage("torchrun-style environment (RANK, WORLD_SIZE): rank 2 is outside [0, 2)");
        assertThatThrownBy(() -> LaunchEnvironment.detect(Map.of("MASTER_PORT", "70000")))
                .hasMessage("MASTER_PORT must be a TCP port (0-65535), got 70000");
    }
}
