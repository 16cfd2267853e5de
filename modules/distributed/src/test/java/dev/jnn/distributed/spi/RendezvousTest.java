package dev.jnn.distributed.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jnn.distributed.CollectiveException;
import dev.jnn.distributed.LaunchEnvironment;
import dev.jnn.distributed.ReduceOp;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The TCP star on loopback, ranks as threads: bootstrap blob, reductions in rank order, barriers, a
 * clean goodbye, and the watchdog naming a rank that vanished without one (killed) or that aborted.
 */
class RendezvousTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<CollectiveException> losses = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code size} ranks joined through MASTER_ADDR/MASTER_PORT as torchrun would set them. */
    private List<Rendezvous> star(int size) throws Exception {
        int port = freePort();
        List<Future<Rendezvous>> fs = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            LaunchEnvironment env = new LaunchEnvironment("test", r, size, r, size, "127.0.0.1", port);
            fs.add(pool.submit(() -> Rendezvous.start(env, TIMEOUT, losses::add)));
        }
        List<Rendezvous> out = new ArrayList<>();
        for (Future<Rendezvous> f : fs) out.add(f.get(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void ranksShareABlobReduceInRankOrderAndLeaveCleanly() throws Exception {
        List<Rendezvous> ranks = star(3);
        List<Future<double[]>> sums = new ArrayList<>();
        for (Rendezvous r : ranks) {
            sums.add(pool.submit(() -> {
                byte[] id = new byte[128];
                if (r.rank() == 0) for (int i = 0; i < id.length; i++) id[i] = (byte) (i * 7);
                r.broadcast(id);
                assertThat(id[5]).isEqualTo((byte) 35);
                // 0.1 + 0.2 + 0.3 in rank order: every rank gets rank 0's sum, bit for bit.
                double[] v = {0.1 * (r.rank() + 1), r.rank()};
                r.allReduce(v, ReduceOp.SUM);
                double[] m = {r.rank()};
                r.allReduce(m, ReduceOp.MAX);
                r.barrier();
                return new double[] {v[0], v[1], m[0]};
            }));
        }
        for (Future<double[]> f : sums) assertThat(f.get(30, TimeUnit.SECONDS)).containsExactly((0.1 + 0.2) + 0.30000000000000004, 3.0, 2.0);
        for (Rendezvous r : ranks) r.close();
        Thread.sleep(300);
        assertThat(losses).as("a goodbye is not a loss").isEmpty();
    }

    @Test
    void aPeerThatVanishesWithoutAGoodbyeIsNamedAtOnceAndWaitingCallsFail() throws Exception {
        ServerSocket server = new ServerSocket(0);
        long token = 42;
        CompletableFuture<Rendezvous> hub = CompletableFuture.supplyAsync(() -> Rendezvous.host(server, 2, token, TIMEOUT, losses::add), pool);
        // A rank that says hello and is then killed: its socket closes with no goodbye.
        Socket killed = new Socket();
        killed.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()));
        DataOutputStream out = new DataOutputStream(killed.getOutputStream());
        out.writeInt(1);
        out.writeInt(16);
        out.write(ByteBuffer.allocate(16).putLong(token).putInt(1).putInt(2).array());
        out.flush();
        DataInputStream in = new DataInputStream(killed.getInputStream());
        assertThat(in.readInt()).as("welcome").isEqualTo(2);
        Rendezvous r0 = hub.get(10, TimeUnit.SECONDS);
        Future<?> waiting = pool.submit(() -> r0.allReduce(new double[1], ReduceOp.SUM));
        long t0 = System.nanoTime();
        killed.close();
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(CollectiveException.class)
                .hasMessageContaining("rank 1 of 2 is gone");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds to notice").isLessThan(2);
        assertThat(losses).hasSize(1);
        assertThat(losses.get(0).getMessage()).isEqualTo("rank 1 of 2 is gone: its connection closed without a goodbye "
                + "(the process was killed or crashed); stopping rank 0");
        assertThat(losses.get(0).failedRank()).isEqualTo(1);
    }

    @Test
    void whenRankZeroVanishesTheOthersNameIt() throws Exception {
        ServerSocket server = new ServerSocket(0);
        CompletableFuture<Void> fakeHub = CompletableFuture.runAsync(() -> {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                in.readInt();
                in.readFully(new byte[in.readInt()]);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(2);
                out.writeInt(0);
                out.flush();
                Thread.sleep(200);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, pool);
        Rendezvous r1 = Rendezvous.join(List.of(new InetSocketAddress("127.0.0.1", server.getLocalPort())), 1, 2, 7, TIMEOUT, losses::add);
        fakeHub.get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (losses.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(losses).extracting(Throwable::getMessage).containsExactly("rank 0 of 2 is gone: its connection closed without "
                + "a goodbye (the process was killed or crashed); stopping rank 1");
        assertThatThrownBy(r1::barrier).isInstanceOf(CollectiveException.class).hasMessageStartingWith("rank 0 of 2 is gone");
        server.close();
    }

    @Test
    void anAbortingRankIsNamedWithItsReasonOnEveryOtherRank() throws Exception {
        List<Rendezvous> ranks = star(3);
        ranks.get(1).abort("training diverged at step 7");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (losses.size() < 2 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(losses).extracting(Throwable::getMessage).containsExactlyInAnyOrder(
                "rank 1 of 3 stopped: training diverged at step 7; stopping rank 0",
                "rank 1 of 3 stopped: training diverged at step 7; stopping rank 2");
        assertThat(losses).extracting(CollectiveException::failedRank).containsOnly(1);
    }

    @Test
    void aRankThatNeverComesIsNamedWhenTheRendezvousTimesOut() throws Exception {
        ServerSocket server = new ServerSocket(0);
        // A connection with the wrong token (another job) is dropped, not counted.
        Socket stranger = new Socket("127.0.0.1", server.getLocalPort());
        DataOutputStream out = new DataOutputStream(stranger.getOutputStream());
        out.writeInt(1);
        out.writeInt(16);
        out.write(ByteBuffer.allocate(16).putLong(999).putInt(1).putInt(3).array());
        out.flush();
        assertThatThrownBy(() -> Rendezvous.host(server, 3, 1, Duration.ofSeconds(1), losses::add))
                .isInstanceOf(CollectiveException.class)
                .hasMessage("rendezvous: ranks 1, 2 of 3 did not connect to rank 0 within 1 s (were all ranks started, with the same "
                        + "MASTER_ADDR and MASTER_PORT?)");
        stranger.close();
    }

    @Test
    void startNeedsMasterAddrAndPort() {
        assertThatThrownBy(() -> Rendezvous.start(new LaunchEnvironment("torchrun-style environment (RANK, WORLD_SIZE)", 1, 2, 1, 2,
                null, 0), TIMEOUT, losses::add)).hasMessage("MASTER_ADDR and MASTER_PORT must name rank 0's host and a free port for "
                        + "the rendezvous of 2 ranks (torchrun-style environment (RANK, WORLD_SIZE))");
        assertThat(Rendezvous.parseAddresses(Rendezvous.reachableAddresses(1234))).last()
                .isEqualTo(new InetSocketAddress("127.0.0.1", 1234));
    }
}
