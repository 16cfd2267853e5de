package dev.jnn.backend.onednn.internal;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A ready-to-run oneDNN computation for one shape: the primitive, the reorders between the
 * caller's plain buffers and the layouts the primitive chose, and the memory objects, all created
 * once. Running it binds the caller's buffers to their memory objects ("slots", in the order they
 * were declared) and executes each step.
 */
final class Plan implements AutoCloseable {
    /** One primitive with its prepared {@code dnnl_exec_arg_t} array. */
    private record Step(MemorySegment primitive, MemorySegment args, int nargs, String name) {
        void run(MemorySegment stream) {
            PrimitiveCalls.execute(primitive, stream, nargs, args, name);
        }
    }

    private final NativeResources resources;
    private final MemorySegment[] slots;
    private final Step[] steps;
    private final String implementation;
    private final long workspaceBytes;

    private Plan(NativeResources resources, MemorySegment[] slots, Step[] steps, String implementation,
                 long workspaceBytes) {
        this.resources = resources;
        this.slots = slots;
        this.steps = steps;
        this.implementation = implementation;
        this.workspaceBytes = workspaceBytes;
    }

    /** The bytes of workspace the caller passes (max pooling for training), 0 when none. */
    long workspaceBytes() {
        return workspaceBytes;
    }

    /** The oneDNN implementation name of the main primitive, e.g. {@code brg_conv_fwd:avx512_core}. */
    String implementation() {
        return implementation;
    }

    /** True when some argument is reordered between plain and blocked layouts on every run. */
    boolean reorders() {
        return steps.length > 1;
    }

    /** Binds {@code buffers} to the slots in order (a null buffer leaves its slot unbound) and runs. */
    void run(OneDnnEngine engine, MemorySegment... buffers) {
        if (buffers.length != slots.length) {
            throw new IllegalArgumentException("plan expects " + slots.length + " buffers, got " + buffers.length);
        }
        engine.enter();
        for (int i = 0; i < slots.length; i++) {
            if (buffers[i] != null) MemoryCalls.memorySetDataHandle(slots[i], buffers[i]);
        }
        MemorySegment stream = engine.stream();
        for (Step s : steps) s.run(stream);
    }

    @Override
    public void close() {
        resources.close();
    }

    /** Builds a plan; if building fails, {@link #abandon()} frees what was created. */
    static final class Builder {
        private final OneDnnEngine engine;
        private final NativeResources res = new NativeResources();
        private final List<MemorySegment> slots = new ArrayList<>();
        private final List<Step> before = new ArrayList<>();
        private final List<Step> main = new ArrayList<>();
        private final List<Step> after = new ArrayList<>();
        private String implementation = "?";
        private long workspaceBytes;

        Builder(OneDnnEngine engine) {
            this.engine = engine;
            engine.enter();
        }

        /** The engine handle, for primitive descriptor creation. */
        MemorySegment engine() {
            return engine.engine();
        }

        /** The resources of the plan (descriptors created here are freed with it). */
        NativeResources resources() {
            return res;
        }

        /** A slot for a caller's buffer laid out as {@code md}; returns the memory to pass as the argument. */
        MemorySegment slot(MemorySegment md) {
            MemorySegment m = res.memory(md, engine.engine(), MemorySegment.NULL);
            slots.add(m);
            return m;
        }

        /**
         * A slot for a caller's input in layout {@code userMd} that the primitive reads in layout
         * {@code primMd}: when they differ, a reorder into an internal buffer runs before the primitive.
         */
        MemorySegment input(MemorySegment userMd, MemorySegment primMd) {
            MemorySegment user = slot(userMd);
            if (MemoryCalls.descEqual(userMd, primMd)) return user;
            MemorySegment inner = internal(primMd);
            before.add(reorder(user, userMd, inner, primMd));
            return inner;
        }

        /** Like {@link #input}, for an output: the reorder back to the caller's layout runs after. */
        MemorySegment output(MemorySegment userMd, MemorySegment primMd) {
            MemorySegment user = slot(userMd);
            if (MemoryCalls.descEqual(userMd, primMd)) return user;
            MemorySegment inner = internal(primMd);
            after.add(reorder(inner, primMd, user, userMd));
            return inner;
        }

        /** A memory of {@code md} over an internal buffer owned by the plan. */
        MemorySegment internal(MemorySegment md) {
            return res.memory(md, engine.engine(), res.buffer(MemoryCalls.descSize(md)));
        }

        private Step reorder(MemorySegment from, MemorySegment fromMd, MemorySegment to, MemorySegment toMd) {
            MemorySegment pd = res.pd(PrimitiveCalls.reorderPdCreate(fromMd, toMd, engine.engine()));
            return step(res.primitive(pd), "reorder", new int[] {Args.FROM, Args.TO}, new MemorySegment[] {from, to});
        }

        /** Takes ownership of a primitive descriptor just created, so that it is freed with the plan. */
        MemorySegment own(MemorySegment pd) {
            return res.pd(pd);
        }

        /**
         * Adds the main primitive of {@code pd} (already {@linkplain #own owned}) with (arg id, memory)
         * pairs; a pair whose memory is null is left out (an optional argument, such as a bias, unused).
         */
        void execute(MemorySegment pd, String name, int[] argIds, MemorySegment[] memories) {
            int n = 0;
            for (MemorySegment m : memories) if (m != null) n++;
            int[] ids = new int[n];
            MemorySegment[] mems = new MemorySegment[n];
            for (int i = 0, j = 0; i < memories.length; i++) {
                if (memories[i] == null) continue;
                ids[j] = argIds[i];
                mems[j++] = memories[i];
            }
            implementation = PrimitiveCalls.implInfo(pd);
            main.add(step(res.primitive(pd), name + " (" + implementation + ")", ids, mems));
        }

        private Step step(MemorySegment primitive, String name, int[] argIds, MemorySegment[] memories) {
            MemorySegment args = res.buffer(argIds.length * PrimitiveCalls.EXEC_ARG_BYTES);
            for (int i = 0; i < argIds.length; i++) {
                args.set(Native.INT, i * PrimitiveCalls.EXEC_ARG_BYTES, argIds[i]);
                args.set(Native.PTR, i * PrimitiveCalls.EXEC_ARG_BYTES + 8, memories[i]);
            }
            return new Step(primitive, args, argIds.length, name);
        }

        /** Records the workspace size the caller must pass. */
        void workspaceBytes(long bytes) {
            workspaceBytes = bytes;
        }

        /** The finished plan. */
        Plan build() {
            List<Step> all = new ArrayList<>(before);
            all.addAll(main);
            all.addAll(after);
            return new Plan(res, slots.toArray(MemorySegment[]::new), all.toArray(Step[]::new), implementation,
                    workspaceBytes);
        }

        /** Frees everything created so far (after a failure). */
        void abandon() {
            res.close();
        }
    }
}
