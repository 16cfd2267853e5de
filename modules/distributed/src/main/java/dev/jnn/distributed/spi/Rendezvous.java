package dev.jnn.distributed.spi;

import dev.jnn.distributed.CollectiveException;
import dev.jnn.distributed.LaunchEnvironment;
import dev.jnn.distributed.ReduceOp;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A TCP star between the ranks of a job, rank 0 in the middle, for what collective libraries need
 * around their own transport: handing out a bootstrap blob (NCCL's unique id), small host-side
 * reductions and barriers, and noticing at once that a peer died: every rank keeps its connection
 * open for the whole job, a process that ends without {@link #close()} (killed, crashed) closes its
 * sockets in the kernel, and a watchdog thread reading each connection sees that and calls the
 * loss handler with a line naming the rank. Rank 0 tells every other rank whom it lost.
 *
 * <p>This carries no tensor data: gradients go through MPI or NCCL. Frames are
 * {@code int type, int length, payload}; a connection is accepted only with the job's token.
 * Reductions combine in rank order on rank 0, so every rank gets the same bits.
 */
public final class Rendezvous implements AutoCloseable {
    private static final int HELLO = 1;
    private static final int WELCOME = 2;
    private static final int BCAST = 3;
    private static final int REDUCE = 4;
    private static final int RESULT = 5;
    private static final int BYE = 6;
    private static final int ABORT = 7;
    private static final int LOST = 8;
    /** A frame the watchdog puts into an inbox to wake a waiting collective after a loss. */
    private static final Frame POISON = new Frame(-1, new byte[0]);

    private final int rank;
    private final int size;
    private final long timeoutNanos;
    private final Consumer<CollectiveException> onLoss;
    /** Rank 0: the link to each other rank (index = rank, [0] unused); other ranks: [0] is the link to rank 0. */
    private final Link[] links;
    private final AtomicReference<CollectiveException> fault = new AtomicReference<>();
    private volatile boolean closing;

    private record Frame(int type, byte[] payload) {
    }

    private Rendezvous(int rank, int size, Duration timeout, Consumer<CollectiveException> onLoss, Link[] links) {
        this.rank = rank;
        this.size = size;
        this.timeoutNanos = timeout.toNanos();
        this.onLoss = onLoss;
        this.links = links;
    }

    /**
     * Rank 0's side: accepts the other {@code size - 1} ranks on {@code server} (which the caller
     * bound), each with {@code token}, within {@code timeout}.
     *
     * @throws CollectiveException when not every rank connected in time
     */
    public static Rendezvous host(ServerSocket server, int size, long token, Duration timeout, Consumer<CollectiveException> onLoss) {
        Link[] links = new Link[size];
        long deadline = System.nanoTime() + timeout.toNanos();
        int joined = 1;
        try (server) {
            while (joined < size) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new CollectiveException(missing(links, size, timeout), -1);
                server.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left))));
                Socket s;
                try {
                    s = server.accept();
                } catch (SocketTimeoutException e) {
                    continue;
                }
                Link l = hello(s, token, size, links);
                if (l != null) {
                    links[l.peer] = l;
                    joined++;
                }
            }
        } catch (IOException e) {
            closeAll(links);
            throw new CollectiveException("rendezvous on " + server.getLocalSocketAddress() + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(links);
            throw e;
        }
        Rendezvous r = new Rendezvous(0, size, timeout, onLoss, links);
        for (int i = 1; i < size; i++) {
            try {
                links[i].send(WELCOME, new byte[0]);
            } catch (IOException e) {
                r.lose(i, "its connection failed during the rendezvous: " + e.getMessage());
            }
        }
        r.startWatchdogs();
        return r;
    }

    /** Reads a joining rank's hello; null (and the socket closed) when it is not one of ours. */
    private static Link hello(Socket s, long token, int size, Link[] links) {
        try {
            s.setSoTimeout(10_000);
            Link l = new Link(s, -1);
            Frame f = l.read();
            s.setSoTimeout(0);
            if (f.type == HELLO && f.payload.length == 16) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(f.payload);
                long t = b.getLong();
                int r = b.getInt();
                int n = b.getInt();
                if (t == token && n == size && r > 0 && r < size && links[r] == null) return new Link(l, r);
            }
        } catch (IOException ignored) {
            // Not a rank of this job (a port scanner, a stale process): drop it.
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a socket we are dropping
        }
        return null;
    }

    private static String missing(Link[] links, int size, Duration timeout) {
        List<String> absent = new ArrayList<>();
        for (int i = 1; i < size; i++) if (links[i] == null) absent.add(String.valueOf(i));
        return "rendezvous: rank" + (absent.size() == 1 ? " " : "s ") + String.join(", ", absent) + " of " + size
                + " did not connect to rank 0 within " + timeout.toSeconds() + " s (were all ranks started, with the same MASTER_ADDR and MASTER_PORT?)";
    }

    /**
     * Another rank's side: connects to rank 0 at the first of {@code hub}'s addresses that answers
     * with the job's token, retrying until rank 0 is up or {@code timeout} has passed.
     *
     * @throws CollectiveException when rank 0 could not be reached in time
     */
    public static Rendezvous join(List<InetSocketAddress> hub, int rank, int size, long token, Duration timeout,
            Consumer<CollectiveException> onLoss) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no address to try";
        while (System.nanoTime() < deadline) {
            for (InetSocketAddress a : hub) {
                Socket s = new Socket();
                try {
                    s.connect(a, 2000);
                    Link l = new Link(s, 0);
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(token).putInt(rank).putInt(size);
                    l.send(HELLO, b.array());
                    long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                    s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                    Frame f = l.read();
                    s.setSoTimeout(0);
                    if (f.type != WELCOME) throw new IOException("unexpected answer " + f.type);
                    Rendezvous r = new Rendezvous(rank, size, timeout, onLoss, new Link[] {l});
                    r.startWatchdogs();
                    return r;
                } catch (IOException e) {
                    last = a + ": " + e.getMessage();
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // retrying
                    }
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CollectiveException("rendezvous interrupted", e);
            }
        }
        throw new CollectiveException("rendezvous: rank " + rank + " could not join rank 0 within " + timeout.toSeconds()
                + " s (last try " + last + ")", 0);
    }

    /**
     * Joins the job that {@code launch} describes through {@code MASTER_ADDR}:{@code MASTER_PORT}:
     * rank 0 listens there, the others connect. When a peer is lost, {@code onLoss} hears of it once,
     * before the calls waiting on that peer fail.
     *
     * @throws IllegalArgumentException when the launch has more than one rank but no MASTER_ADDR or MASTER_PORT
     */
    public static Rendezvous start(LaunchEnvironment launch, Duration timeout, Consumer<CollectiveException> onLoss) {
        if (launch.masterAddr() == null || launch.masterPort() == 0) {
            throw new IllegalArgumentException("MASTER_ADDR and MASTER_PORT must name rank 0's host and a free port for the "
                    + "rendezvous of " + launch.worldSize() + " ranks (" + launch.launcher() + ")");
        }
        // Every rank computes the same token from what they share; a stray connection from another job is refused.
        long token = tokenOf(launch.masterAddr() + ":" + launch.masterPort() + "/" + launch.worldSize());
        if (launch.rank() == 0) {
            ServerSocket server;
            try {
                server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(launch.masterPort()));
            } catch (IOException e) {
                throw new CollectiveException("rendezvous: rank 0 cannot listen on port " + launch.masterPort()
                        + " (MASTER_PORT): " + e.getMessage(), e);
            }
            return host(server, launch.worldSize(), token, timeout, onLoss);
        }
        return join(List.of(new InetSocketAddress(launch.masterAddr(), launch.masterPort())), launch.rank(),
                launch.worldSize(), token, timeout, onLoss);
    }

    /** A token every rank derives from the same text (FNV-1a, 64 bits). */
    public static long tokenOf(String shared) {
        long h = 0xcbf29ce484222325L;
        for (byte b : shared.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * The addresses other ranks may reach a server of this host at, for a rendezvous bootstrapped
     * through another channel (MPI): the host's own non-loopback addresses, then loopback.
     */
    public static String reachableAddresses(int port) {
        List<String> out = new ArrayList<>();
        try {
            for (var nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                for (InetAddress a : java.util.Collections.list(nif.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) out.add(a.getHostAddress() + ":" + port);
                }
            }
        } catch (IOException ignored) {
            // No interfaces to list: loopback only.
        }
        out.add("127.0.0.1:" + port);
        return String.join(",", out);
    }

    /** The addresses of {@link #reachableAddresses}, parsed. */
    public static List<InetSocketAddress> parseAddresses(String list) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String a : list.split(",")) {
            int colon = a.lastIndexOf(':');
            out.add(new InetSocketAddress(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))));
        }
        return out;
    }

    /** This process's rank. */
    public int rank() {
        return rank;
    }

    /** The number of ranks. */
    public int size() {
        return size;
    }

    /** The loss that ended the job, or null while every rank is there. */
    public CollectiveException fault() {
        return fault.get();
    }

    /** Sends rank 0's {@code bytes} to every rank; the others' arrays (same length) receive them. */
    public void broadcast(byte[] bytes) {
        checkFault();
        if (rank == 0) {
            for (int i = 1; i < size; i++) send(i, BCAST, bytes);
        } else {
            byte[] got = receive(0, BCAST);
            if (got.length != bytes.length) {
                throw new CollectiveException("rendezvous broadcast: rank 0 sent " + got.length + " bytes, rank " + rank
                        + " expected " + bytes.length, 0);
            }
            System.arraycopy(got, 0, bytes, 0, got.length);
        }
    }

    /** Combines {@code values} over every rank with {@code op}, in rank order, in place. */
    public void allReduce(double[] values, ReduceOp op) {
        checkFault();
        if (rank == 0) {
            for (int i = 1; i < size; i++) {
                double[] v = doubles(receive(i, REDUCE));
                if (v.length != values.length) {
                    throw new CollectiveException("rendezvous all-reduce: rank " + i + " sent " + v.length + " values, rank 0 has "
                            + values.length, i);
                }
                for (int k = 0; k < v.length; k++) values[k] = op.apply(values[k], v[k]);
            }
            byte[] result = bytes(values);
            for (int i = 1; i < size; i++) send(i, RESULT, result);
        } else {
            send(0, REDUCE, bytes(values));
            double[] v = doubles(receive(0, RESULT));
            System.arraycopy(v, 0, values, 0, values.length);
        }
    }

    /** Waits until every rank has called it. */
    public void barrier() {
        allReduce(new double[0], ReduceOp.SUM);
    }

    /**
     * Tells every rank that this one stops because of {@code reason} (they hear it as a loss naming
     * this rank), without waiting for anyone. Safe from any thread.
     */
    public void abort(String reason) {
        closing = true;
        byte[] msg = ("rank " + rank + " of " + size + " stopped: " + reason).getBytes(StandardCharsets.UTF_8);
        if (rank == 0) {
            for (int i = 1; i < size; i++) trySend(i, LOST, msg);
        } else {
            trySend(0, ABORT, msg);
        }
        closeAll(links);
    }

    /** Leaves cleanly: says goodbye on every connection, so that no one takes this rank's exit for a crash. */
    @Override
    public void close() {
        if (closing) return;
        closing = true;
        for (int i = 0; i < links.length; i++) trySend(i, BYE, new byte[0]);
        closeAll(links);
    }

    // ------------------------------------------------------------------ watchdog

    private void startWatchdogs() {
        for (Link l : links) {
            if (l == null) continue;
            Thread t = Thread.ofPlatform().daemon().name("jnn-rendezvous-rank-" + l.peer).unstarted(() -> watch(l));
            t.start();
        }
    }

    /** Reads one connection until it ends: data frames go to its inbox, a goodbye ends quietly, anything else is a loss. */
    private void watch(Link l) {
        try {
            while (true) {
                Frame f = l.read();
                switch (f.type) {
                    case BYE -> {
                        l.finished = true;
                        return;
                    }
                    case ABORT -> {
                        lose(l.peer, null, new String(f.payload, StandardCharsets.UTF_8));
                        return;
                    }
                    case LOST -> {
                        String msg = new String(f.payload, StandardCharsets.UTF_8);
                        fail(new CollectiveException(msg + "; stopping rank " + rank, rankIn(msg)));
                        return;
                    }
                    default -> l.inbox.add(f);
                }
            }
        } catch (IOException e) {
            if (closing || l.finished) return;
            lose(l.peer, e instanceof EOFException || "Connection reset".equals(e.getMessage())
                    ? "its connection closed without a goodbye (the process was killed or crashed)"
                    : "its connection failed: " + e.getMessage());
        }
    }

    /** The rank at the start of "rank K of N ..." messages, or -1. */
    private static int rankIn(String msg) {
        if (!msg.startsWith("rank ")) return -1;
        int end = msg.indexOf(' ', 5);
        try {
            return Integer.parseInt(msg.substring(5, end < 0 ? msg.length() : end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void lose(int peer, String why) {
        lose(peer, why, null);
    }

    /** Rank {@code peer} is gone ({@code why}) or said it stops ({@code told}); rank 0 tells the others first. */
    private void lose(int peer, String why, String told) {
        String msg = told != null ? told : "rank " + peer + " of " + size + " is gone: " + why;
        if (rank == 0) {
            byte[] m = msg.getBytes(StandardCharsets.UTF_8);
            for (int i = 1; i < size; i++) if (i != peer) trySend(i, LOST, m);
        }
        fail(new CollectiveException(msg + "; stopping rank " + rank, peer));
    }

    private void fail(CollectiveException e) {
        if (closing || !fault.compareAndSet(null, e)) return;
        // The loss is reported before the calls waiting on a peer wake up with it, so that whoever
        // handles their exception finds it already reported (the app prints its line and halts there).
        try {
            onLoss.accept(e);
        } finally {
            for (Link l : links) if (l != null) l.inbox.add(POISON);
        }
    }

    private void checkFault() {
        CollectiveException e = fault.get();
        if (e != null) throw new CollectiveException(e.getMessage(), e.failedRank());
    }

    // ------------------------------------------------------------------ frames

    private void send(int link, int type, byte[] payload) {
        try {
            links[link].send(type, payload);
        } catch (IOException e) {
            checkFault();
            int peer = rank == 0 ? link : 0;
            throw new CollectiveException("rendezvous: cannot reach rank " + peer + ": " + e.getMessage(), peer);
        }
    }

    private void trySend(int link, int type, byte[] payload) {
        Link l = links[link];
        if (l == null) return;
        try {
            l.send(type, payload);
        } catch (IOException ignored) {
            // It is gone too, or closing: nothing more to tell it.
        }
    }

    private byte[] receive(int link, int type) {
        Link l = links[link];
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (true) {
                Frame f = l.inbox.poll(100, TimeUnit.MILLISECONDS);
                if (f == POISON || fault.get() != null) checkFault();
                if (f != null) {
                    if (f.type != type) {
                        throw new CollectiveException("rendezvous: rank " + l.peer + " is out of step (got frame " + f.type
                                + ", expected " + type + "): do all ranks run the same program?", l.peer);
                    }
                    return f.payload;
                }
                if (System.nanoTime() > deadline) {
                    throw new CollectiveException("rendezvous: rank " + l.peer + " did not answer within "
                            + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s", l.peer);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectiveException("rendezvous interrupted", e);
        }
    }

    private static byte[] bytes(double[] v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * Double.BYTES);
        for (double d : v) b.putDouble(d);
        return b.array();
    }

    private static double[] doubles(byte[] bytes) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        double[] v = new double[bytes.length / Double.BYTES];
        for (int i = 0; i < v.length; i++) v[i] = b.getDouble();
        return v;
    }

    private static void closeAll(Link[] links) {
        for (Link l : links) {
            if (l == null) continue;
            try {
                l.socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** One connection: framed, buffered streams; writes are serialised, one thread reads. */
    private static final class Link {
        final Socket socket;
        final int peer;
        final DataInputStream in;
        final DataOutputStream out;
        final BlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
        volatile boolean finished;

        Link(Socket s, int peer) throws IOException {
            this.socket = s;
            this.peer = peer;
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            this.in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            this.out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
        }

        /** The same connection, now known to belong to {@code peer}. */
        Link(Link l, int peer) {
            this.socket = l.socket;
            this.peer = peer;
            this.in = l.in;
            this.out = l.out;
        }

        Frame read() throws IOException {
            int type = in.readInt();
            int length = in.readInt();
            if (length < 0 || length > (64 << 20)) throw new IOException("bad frame length " + length);
            byte[] p = new byte[length];
            in.readFully(p);
            return new Frame(type, p);
        }

        void send(int type, byte[] payload) throws IOException {
            synchronized (out) {
                out.writeInt(type);
                out.writeInt(payload.length);
                out.write(payload);
                out.flush();
            }
        }
    }
}
