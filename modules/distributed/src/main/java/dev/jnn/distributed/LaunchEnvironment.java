package dev.jnn.distributed;

import java.util.Map;

/**
 * Where this process sits in a job, as its launcher's environment variables say, read before any
 * collective library starts (which of the launchers below set the variables):
 *
 * <ul>
 *   <li>torchrun-style: {@code RANK}, {@code WORLD_SIZE}, {@code LOCAL_RANK}, {@code LOCAL_WORLD_SIZE},
 *       {@code MASTER_ADDR}, {@code MASTER_PORT} (what {@code torchrun} exports, and what a Slurm
 *       script can export itself);</li>
 *   <li>Open MPI's {@code mpirun}: {@code OMPI_COMM_WORLD_RANK}, {@code _SIZE}, {@code _LOCAL_RANK},
 *       {@code _LOCAL_SIZE};</li>
 *   <li>MPICH/Hydra and other PMI launchers: {@code PMI_RANK}, {@code PMI_SIZE}, {@code MPI_LOCALRANKID},
 *       {@code MPI_LOCALNRANKS};</li>
 *   <li>Slurm's {@code srun}: {@code SLURM_PROCID}, {@code SLURM_NTASKS}, {@code SLURM_LOCALID},
 *       {@code SLURM_NTASKS_PER_NODE};</li>
 * </ul>
 *
 * checked in that order; without any, a single process (rank 0 of 1). {@code MASTER_ADDR} and
 * {@code MASTER_PORT} are read with every launcher: they name rank 0's TCP rendezvous.
 *
 * @param launcher which variables were found, for messages ({@code "none"} for a single process)
 * @param rank this process's rank
 * @param worldSize the number of processes
 * @param localRank the rank among the processes on this node (picks the GPU)
 * @param localWorldSize the number of processes on this node (divides the CPU cores)
 * @param masterAddr rank 0's host for the rendezvous, or null when not set
 * @param masterPort rank 0's rendezvous port, or 0 when not set
 */
public record LaunchEnvironment(String launcher, int rank, int worldSize, int localRank, int localWorldSize,
        String masterAddr, int masterPort) {
    public LaunchEnvironment {
        if (worldSize < 1) throw new IllegalArgumentException(launcher + ": world size must be at least 1, got " + worldSize);
        if (rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException(launcher + ": rank " + rank + " is outside [0, " + worldSize + ")");
        }
        if (localWorldSize < 1 || localRank < 0 || localRank >= localWorldSize) {
            throw new IllegalArgumentException(launcher + ": local rank " + localRank + " is outside [0, " + localWorldSize + ")");
        }
        if (masterPort < 0 || masterPort > 65535) {
            throw new IllegalArgumentException("MASTER_PORT must be a TCP port (0-65535), got " + masterPort);
        }
    }

    /** A single process: rank 0 of 1. */
    public static LaunchEnvironment single() {
        return new LaunchEnvironment("none", 0, 1, 0, 1, null, 0);
    }

    /** This process's place, from the environment of the process ({@code System.getenv()}). */
    public static LaunchEnvironment detect() {
        return detect(System.getenv());
    }

    /**
     * This process's place, from {@code env}.
     *
     * @throws IllegalArgumentException naming the variable when one holds something other than a number in range
     */
    public static LaunchEnvironment detect(Map<String, String> env) {
        String addr = blankToNull(env.get("MASTER_ADDR"));
        int port = env.containsKey("MASTER_PORT") ? number(env, "MASTER_PORT") : 0;
        if (env.containsKey("RANK") || env.containsKey("WORLD_SIZE")) {
            int size = number(env, "WORLD_SIZE");
            int local = env.containsKey("LOCAL_RANK") ? number(env, "LOCAL_RANK") : 0;
            int localSize = env.containsKey("LOCAL_WORLD_SIZE") ? number(env, "LOCAL_WORLD_SIZE") : Math.max(local + 1, 1);
            return new LaunchEnvironment("torchrun-style environment (RANK, WORLD_SIZE)", number(env, "RANK"), size, local,
                    localSize, addr, port);
        }
        if (env.containsKey("OMPI_COMM_WORLD_RANK")) {
            return new LaunchEnvironment("Open MPI's mpirun", number(env, "OMPI_COMM_WORLD_RANK"), number(env, "OMPI_COMM_WORLD_SIZE"),
                    orZero(env, "OMPI_COMM_WORLD_LOCAL_RANK"), orOne(env, "OMPI_COMM_WORLD_LOCAL_SIZE"), addr, port);
        }
        if (env.containsKey("PMI_RANK")) {
            return new LaunchEnvironment("a PMI launcher (PMI_RANK)", number(env, "PMI_RANK"), number(env, "PMI_SIZE"),
                    orZero(env, "MPI_LOCALRANKID"), orOne(env, "MPI_LOCALNRANKS"), addr, port);
        }
        if (env.containsKey("SLURM_PROCID") && env.containsKey("SLURM_NTASKS")) {
            // SLURM_NTASKS_PER_NODE is set only with --ntasks-per-node; SLURM_TASKS_PER_NODE reads like "8(x4)".
            int perNode = env.containsKey("SLURM_NTASKS_PER_NODE") ? number(env, "SLURM_NTASKS_PER_NODE")
                    : leadingNumber(env.get("SLURM_TASKS_PER_NODE"), 1);
            int local = orZero(env, "SLURM_LOCALID");
            return new LaunchEnvironment("Slurm's srun", number(env, "SLURM_PROCID"), number(env, "SLURM_NTASKS"), local,
                    Math.max(perNode, local + 1), addr, port);
        }
        return new LaunchEnvironment("none", 0, 1, 0, 1, addr, port);
    }

    /** True when a launcher started more than one process. */
    public boolean distributed() {
        return worldSize > 1;
    }

    private static int number(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null) throw new IllegalArgumentException(name + " is not set (the launcher sets it with the other rank variables)");
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
    }

    private static int orZero(Map<String, String> env, String name) {
        return env.containsKey(name) ? number(env, name) : 0;
    }

    private static int orOne(Map<String, String> env, String name) {
        return env.containsKey(name) ? number(env, name) : 1;
    }

    private static int leadingNumber(String s, int otherwise) {
        if (s == null) return otherwise;
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        return i == 0 ? otherwise : Integer.parseInt(s.substring(0, i));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
