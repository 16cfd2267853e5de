package dev.jnn.core;

import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.MemoryBlock;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.UnaryOp;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A float32 tensor with define-by-run autograd, like PyTorch's {@code torch.Tensor}.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(new Generator(1), 3, 2).requiresGrad(true);
 * Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
 * Tensor loss = x.matmul(w.t()).relu().sum();
 * loss.backward();          // w.grad() now holds d loss / d w
 * }</pre>
 *
 * <p>Data lives in a {@link Storage} of the tensor's {@link Backend}; the tensor is a contiguous
 * row-major window onto it from {@link #offset()}, which is what backend kernels see of it
 * ({@link TensorView}). {@link #reshape}, {@link #flatten},
 * {@link #unsqueeze}, {@link #squeeze} and {@link #narrow} along the first dimension are views that
 * share storage; transpose, permute and other slices copy. Operations allocate their result on the
 * backend of their inputs; results created inside a {@link MemoryScope} are freed when it closes.
 * Factories take the backend as an argument, or those without one use the innermost
 * {@link BackendScope} open on the calling thread (and throw when there is none).
 *
 * <p>Shape errors throw {@link IllegalArgumentException} naming the operation and the shapes.
 */
public final class Tensor implements TensorView {
    private final Storage storage;
    private final long offset;
    private final Shape shape;
    private boolean requiresGrad;
    private Tensor grad;
    /** Called after a backward pass has finished accumulating into this leaf's grad; null until one is registered. */
    private List<Consumer<Tensor>> postAccumulateGradHooks;
    Node gradFn;

    Tensor(Storage storage, long offset, Shape shape) {
        if (offset + shape.numel() > storage.elements()) {
            throw new IllegalArgumentException("view " + shape + " at offset " + offset
                    + " exceeds storage of " + storage.elements() + " elements");
        }
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
    }

    // ---------------------------------------------------------------- creation

    /** An uninitialised tensor on {@code backend}. */
    public static Tensor empty(Backend backend, Shape shape) {
        return new Tensor(Storage.allocate(backend, shape.numel()), 0, shape);
    }

    /** A tensor of zeros on the current {@link BackendScope}'s backend. */
    public static Tensor zeros(int... dims) {
        return full(Shape.of(dims), 0f);
    }

    /** A tensor of zeros on {@code backend}. */
    public static Tensor zeros(Backend backend, Shape shape) {
        return full(backend, shape, 0f);
    }

    /** A tensor of ones on the current {@link BackendScope}'s backend. */
    public static Tensor ones(int... dims) {
        return full(Shape.of(dims), 1f);
    }

    /** A tensor filled with {@code value} on the current {@link BackendScope}'s backend. */
    public static Tensor full(Shape shape, float value) {
        return full(BackendScope.current(), shape, value);
    }

    /** A tensor filled with {@code value} on {@code backend}. */
    public static Tensor full(Backend backend, Shape shape, float value) {
        Tensor t = empty(backend, shape);
        backend.fill(t, value);
        return t;
    }

    /** A 0-d tensor holding {@code value}. */
    public static Tensor scalar(float value) {
        return full(Shape.of(), value);
    }

    /** {@code [0, 1, ..., n-1]}. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** {@code start, start+step, ...} below {@code end} (above, for a negative step). */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0f) throw new IllegalArgumentException("arange: step must not be 0");
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = start + i * step;
        return of(v, n);
    }

    /** Uniform values in [0, 1) from {@code gen}. */
    public static Tensor rand(Generator gen, int... dims) {
        float[] v = new float[Math.toIntExact(Shape.of(dims).numel())];
        gen.fillUniform(v, 0f, 1f);
        return of(v, dims);
    }

    /** Standard normal values from {@code gen}. */
    public static Tensor randn(Generator gen, int... dims) {
        float[] v = new float[Math.toIntExact(Shape.of(dims).numel())];
        gen.fillNormal(v, 0f, 1f);
        return of(v, dims);
    }

    /** A tensor of the given shape holding a copy of {@code data}, on the current {@link BackendScope}'s backend. */
    public static Tensor of(float[] data, int... dims) {
        return of(BackendScope.current(), data, Shape.of(dims));
    }

    /** A tensor of the given shape holding a copy of {@code data}, on {@code backend}. */
    public static Tensor of(Backend backend, float[] data, Shape shape) {
        if (data.length != shape.numel()) {
            throw new IllegalArgumentException("Tensor.of: " + data.length + " values do not fill shape " + shape);
        }
        Tensor t = empty(backend, shape);
        t.write(data, 0);
        return t;
    }

    /** A 2-d tensor from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] v = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException("Tensor.of: ragged rows");
            System.arraycopy(rows[i], 0, v, i * cols, cols);
        }
        return of(v, rows.length, cols);
    }

    /** A new uninitialised tensor of the given shape on this tensor's backend. */
    public Tensor newEmpty(Shape s) {
        return empty(backend(), s);
    }

    /** Zeros shaped like this tensor, on its backend. */
    public Tensor zerosLike() {
        return zeros(backend(), shape);
    }

    // ---------------------------------------------------------------- accessors

    /** The backend whose memory holds this tensor. */
    public Backend backend() {
        return storage.backend();
    }

    /** The memory this tensor is a window onto. */
    public Storage storage() {
        return storage;
    }

    /** The memory block of {@link #storage()}, for backend kernels. */
    @Override
    public MemoryBlock block() {
        return storage.block();
    }

    /** The offset of the first element in {@link #storage()}, in elements. */
    @Override
    public long offset() {
        return offset;
    }

    /** Host memory of this tensor's first element, for CPU backends (see {@link Storage#segment()}). */
    @Override
    public MemorySegment segment() {
        return storage.segment().asSlice(offset * Float.BYTES, shape.numel() * Float.BYTES);
    }

    /** The shape. */
    @Override
    public Shape shape() {
        return shape;
    }

    /** The size of dimension {@code dim} (negative counts from the end). */
    @Override
    public int size(int dim) {
        return shape.size(dim);
    }

    /** The number of dimensions. */
    @Override
    public int rank() {
        return shape.rank();
    }

    /** The number of elements. */
    @Override
    public long numel() {
        return shape.numel();
    }

    /** Whether gradients flow to this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks this (leaf) tensor as needing gradients; returns it. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad(false) on a non-leaf tensor: use detach()");
        }
        this.requiresGrad = value;
        return this;
    }

    /** True for tensors not produced by a recorded operation. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The accumulated gradient of a leaf after {@link #backward()}, or null. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (optimizers and gradient clipping use this); may be null. */
    public void setGrad(Tensor g) {
        if (g != null && !g.shape.equals(shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + g.shape + " differs from tensor shape " + shape);
        }
        this.grad = g;
    }

    /**
     * Calls {@code hook} with this leaf once per backward pass that reaches it, as soon as its
     * {@link #grad()} is final for that pass (every node that feeds it has run), like PyTorch's
     * {@code register_post_accumulate_grad_hook}. Data-parallel training starts averaging a
     * parameter's gradient across processes there, while the pass goes on with earlier layers.
     * The hook runs on the thread that called {@code backward}, with gradients disabled.
     *
     * @return running it removes the hook
     * @throws IllegalStateException if this tensor is not a leaf
     */
    public Runnable registerPostAccumulateGradHook(Consumer<Tensor> hook) {
        if (gradFn != null) throw new IllegalStateException("registerPostAccumulateGradHook: only a leaf tensor has an accumulated grad");
        if (postAccumulateGradHooks == null) postAccumulateGradHooks = new ArrayList<>(1);
        postAccumulateGradHooks.add(java.util.Objects.requireNonNull(hook, "hook"));
        return () -> postAccumulateGradHooks.remove(hook);
    }

    /** Runs the hooks of {@link #registerPostAccumulateGradHook}, in registration order. */
    void runPostAccumulateGradHooks() {
        if (postAccumulateGradHooks == null) return;
        for (Consumer<Tensor> h : List.copyOf(postAccumulateGradHooks)) h.accept(this);
    }

    /** Zeroes the accumulated gradient in place, if there is one. */
    public void zeroGrad() {
        if (grad != null) backend().fill(grad, 0f);
    }

    /** The name of the operation that produced this tensor, or null for a leaf. */
    public String gradFnName() {
        return gradFn == null ? null : gradFn.name();
    }

    // ---------------------------------------------------------------- host transfer

    /** The single value of a one-element tensor. */
    public float item() {
        if (numel() != 1) throw new IllegalStateException("item() needs one element, shape is " + shape);
        return toFloatArray()[0];
    }

    /** A copy of the values, row-major. */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(numel())];
        read(out, 0);
        return out;
    }

    /** Copies this tensor's values into {@code dst} from {@code dstOffset}. */
    public void read(float[] dst, int dstOffset) {
        int n = Math.toIntExact(numel());
        backend().copyToHost(storage.block(), offset * Float.BYTES, MemorySegment.ofArray(dst),
                (long) dstOffset * Float.BYTES, (long) n * Float.BYTES);
    }

    /** Overwrites this tensor's values with {@code numel()} values of {@code src} from {@code srcOffset}. */
    public void write(float[] src, int srcOffset) {
        int n = Math.toIntExact(numel());
        if (srcOffset + n > src.length) {
            throw new IllegalArgumentException("write: " + (src.length - srcOffset) + " values for shape " + shape);
        }
        backend().copyFromHost(MemorySegment.ofArray(src), (long) srcOffset * Float.BYTES, storage.block(),
                offset * Float.BYTES, (long) n * Float.BYTES);
    }

    /** A copy of this tensor on {@code target} (itself when already there). */
    public Tensor to(Backend target) {
        if (target == backend()) return this;
        Tensor t = of(target, toFloatArray(), shape);
        t.requiresGrad = requiresGrad;
        return t;
    }

    // ---------------------------------------------------------------- autograd

    /** Back-propagates from this one-element tensor, accumulating into the leaves' {@link #grad()}. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward() needs a one-element tensor, shape is " + shape
                    + "; use backward(gradient)");
        }
        Autograd.backward(this, full(backend(), shape, 1f));
    }

    /** Back-propagates with the given gradient of this tensor. */
    public void backward(Tensor gradient) {
        if (!gradient.shape.equals(shape)) {
            throw new IllegalArgumentException("backward: gradient shape " + gradient.shape + " differs from " + shape);
        }
        Autograd.backward(this, gradient);
    }

    /** The same data, cut off from the graph (shares storage). */
    public Tensor detach() {
        return new Tensor(storage, offset, shape);
    }

    /** A copy that records a graph edge back to this tensor. */
    public Tensor copy() {
        return Elementwise.unaryCopy(this);
    }

    // ---------------------------------------------------------------- in-place (no autograd)

    /** Fills with {@code value} in place; returns this. */
    public Tensor fill(float value) {
        checkInPlace("fill");
        backend().fill(this, value);
        return this;
    }

    /** Copies {@code src}'s values (same element count) into this tensor in place; returns this. */
    public Tensor copyFrom(Tensor src) {
        checkInPlace("copyFrom");
        if (src.numel() != numel()) {
            throw new IllegalArgumentException("copyFrom: shapes " + src.shape + " and " + shape + " differ in size");
        }
        backend().copy(src, this);
        return this;
    }

    /** In place {@code this += alpha * other} (same shape); returns this. */
    public Tensor addInPlace(Tensor other, float alpha) {
        checkInPlace("addInPlace");
        Elementwise.checkSameShape("addInPlace", this, other);
        backend().axpy(alpha, other, this);
        return this;
    }

    /** In place {@code this *= s}; returns this. */
    public Tensor mulInPlace(float s) {
        checkInPlace("mulInPlace");
        backend().binaryScalar(BinaryOp.MUL, this, s, this);
        return this;
    }

    private void checkInPlace(String op) {
        if (requiresGrad && NoGrad.isGradEnabled()) {
            throw new IllegalStateException(op + ": in-place change of a tensor that requires grad; "
                    + "wrap it in NoGrad.enter()");
        }
    }

    // ---------------------------------------------------------------- element-wise

    /** {@code op(this, other)} element-wise, broadcasting (the named methods are this with their op). */
    public Tensor apply(BinaryOp op, Tensor other) {
        return Elementwise.binary(op, this, other);
    }

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return Elementwise.binary(BinaryOp.ADD, this, other);
    }

    /** {@code this + s}. */
    public Tensor add(float s) {
        return Elementwise.scalar(BinaryOp.ADD, this, s);
    }

    /** {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return Elementwise.binary(BinaryOp.SUB, this, other);
    }

    /** {@code this - s}. */
    public Tensor sub(float s) {
        return Elementwise.scalar(BinaryOp.SUB, this, s);
    }

    /** {@code this * other} element-wise, broadcasting. */
    public Tensor mul(Tensor other) {
        return Elementwise.binary(BinaryOp.MUL, this, other);
    }

    /** {@code this * s}. */
    public Tensor mul(float s) {
        return Elementwise.scalar(BinaryOp.MUL, this, s);
    }

    /** {@code this / other} element-wise, broadcasting. */
    public Tensor div(Tensor other) {
        return Elementwise.binary(BinaryOp.DIV, this, other);
    }

    /** {@code this / s}. */
    public Tensor div(float s) {
        return Elementwise.scalar(BinaryOp.DIV, this, s);
    }

    /** {@code this ^ exponent}. */
    public Tensor pow(float exponent) {
        return Elementwise.scalar(BinaryOp.POW, this, exponent);
    }

    /** Element-wise maximum, broadcasting. */
    public Tensor maximum(Tensor other) {
        return Elementwise.binary(BinaryOp.MAX, this, other);
    }

    /** Element-wise minimum, broadcasting. */
    public Tensor minimum(Tensor other) {
        return Elementwise.binary(BinaryOp.MIN, this, other);
    }

    /** {@code max(this, s)} element-wise. */
    public Tensor clampMin(float s) {
        return Elementwise.scalar(BinaryOp.MAX, this, s);
    }

    /** {@code min(this, s)} element-wise. */
    public Tensor clampMax(float s) {
        return Elementwise.scalar(BinaryOp.MIN, this, s);
    }

    /** {@code op} applied to each element (the named methods below are this with their op). */
    public Tensor apply(UnaryOp op) {
        return Elementwise.unary(op, this);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Elementwise.unary(UnaryOp.NEG, this);
    }

    /** {@code e^this}. */
    public Tensor exp() {
        return Elementwise.unary(UnaryOp.EXP, this);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return Elementwise.unary(UnaryOp.LOG, this);
    }

    /** Square root. */
    public Tensor sqrt() {
        return Elementwise.unary(UnaryOp.SQRT, this);
    }

    /** Absolute value. */
    public Tensor abs() {
        return Elementwise.unary(UnaryOp.ABS, this);
    }

    /** {@code this * this}. */
    public Tensor square() {
        return Elementwise.unary(UnaryOp.SQUARE, this);
    }

    /** {@code 1 / this}. */
    public Tensor reciprocal() {
        return Elementwise.unary(UnaryOp.RECIPROCAL, this);
    }

    /** Sign: -1, 0 or 1 (no gradient). */
    public Tensor sign() {
        return Elementwise.unary(UnaryOp.SIGN, this);
    }

    /** {@code max(this, 0)}. */
    public Tensor relu() {
        return Elementwise.unary(UnaryOp.RELU, this);
    }

    /** {@code 1 / (1 + e^-this)}. */
    public Tensor sigmoid() {
        return Elementwise.unary(UnaryOp.SIGMOID, this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return Elementwise.unary(UnaryOp.TANH, this);
    }

    /** {@code x * Φ(x)}, the Gaussian error linear unit (exact, PyTorch's default {@code gelu}). */
    public Tensor gelu() {
        return Elementwise.unary(UnaryOp.GELU, this);
    }

    /** 1 where equal, else 0 (no gradient). */
    public Tensor eq(Tensor other) {
        return Elementwise.binary(BinaryOp.EQ, this, other);
    }

    /** 1 where equal to {@code s}, else 0. */
    public Tensor eq(float s) {
        return Elementwise.scalar(BinaryOp.EQ, this, s);
    }

    /** 1 where not equal, else 0. */
    public Tensor ne(Tensor other) {
        return Elementwise.binary(BinaryOp.NE, this, other);
    }

    /** 1 where {@code this < other}, else 0. */
    public Tensor lt(Tensor other) {
        return Elementwise.binary(BinaryOp.LT, this, other);
    }

    /** 1 where {@code this <= other}, else 0. */
    public Tensor le(Tensor other) {
        return Elementwise.binary(BinaryOp.LE, this, other);
    }

    /** 1 where {@code this > other}, else 0. */
    public Tensor gt(Tensor other) {
        return Elementwise.binary(BinaryOp.GT, this, other);
    }

    /** 1 where {@code this > s}, else 0. */
    public Tensor gt(float s) {
        return Elementwise.scalar(BinaryOp.GT, this, s);
    }

    /** 1 where {@code this >= other}, else 0. */
    public Tensor ge(Tensor other) {
        return Elementwise.binary(BinaryOp.GE, this, other);
    }

    /** 1 where {@code this < s}, else 0. */
    public Tensor lt(float s) {
        return Elementwise.scalar(BinaryOp.LT, this, s);
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * Matrix product: 2-d × 2-d, or batched when either side is 3-d (a 2-d side is shared by every
     * batch), or a 1-d vector on either side.
     */
    public Tensor matmul(Tensor other) {
        return Matmul.matmul(this, other);
    }

    /** 2-d matrix product, PyTorch's {@code mm}. */
    public Tensor mm(Tensor other) {
        if (rank() != 2 || other.rank() != 2) {
            throw new IllegalArgumentException("mm: expects 2-d tensors, got " + shape + " and " + other.shape);
        }
        return Matmul.matmul(this, other);
    }

    /** The inverse of a square 2-d matrix (computed on the host in double precision). */
    public Tensor inverse() {
        return Matmul.inverse(this);
    }

    // ---------------------------------------------------------------- reductions

    /** The sum of all elements, as a 0-d tensor. */
    public Tensor sum() {
        return Reductions.all(ReduceOp.SUM, this);
    }

    /** Sum along {@code dim}. */
    public Tensor sum(int dim, boolean keepDim) {
        return Reductions.along(ReduceOp.SUM, this, dim, keepDim);
    }

    /** The mean of all elements, as a 0-d tensor. */
    public Tensor mean() {
        return Reductions.all(ReduceOp.MEAN, this);
    }

    /** Mean along {@code dim}. */
    public Tensor mean(int dim, boolean keepDim) {
        return Reductions.along(ReduceOp.MEAN, this, dim, keepDim);
    }

    /** The largest element, as a 0-d tensor. */
    public Tensor max() {
        return Reductions.all(ReduceOp.MAX, this);
    }

    /** Maximum along {@code dim} (the gradient goes to the first maximum). */
    public Tensor max(int dim, boolean keepDim) {
        return Reductions.along(ReduceOp.MAX, this, dim, keepDim);
    }

    /** Minimum along {@code dim}. */
    public Tensor min(int dim, boolean keepDim) {
        return Reductions.along(ReduceOp.MIN, this, dim, keepDim);
    }

    /** Index of the first maximum along {@code dim}, as integer-valued floats (no gradient). */
    public Tensor argmax(int dim) {
        return Reductions.along(ReduceOp.ARGMAX, this, dim, false);
    }

    /** Index of the first minimum along {@code dim}. */
    public Tensor argmin(int dim) {
        return Reductions.along(ReduceOp.ARGMIN, this, dim, false);
    }

    /** Softmax along {@code dim}. */
    public Tensor softmax(int dim) {
        return Functional.softmax(this, dim);
    }

    /** Log-softmax along {@code dim}. */
    public Tensor logSoftmax(int dim) {
        return Functional.logSoftmax(this, dim);
    }

    // ---------------------------------------------------------------- shape

    /** A view with another shape of the same size; one size may be -1 (inferred). */
    public Tensor reshape(int... dims) {
        return Views.reshape(this, dims);
    }

    /** Same as {@link #reshape}, PyTorch's {@code view}. */
    public Tensor view(int... dims) {
        return Views.reshape(this, dims);
    }

    /** A 1-d view. */
    public Tensor flatten() {
        return Views.reshape(this, -1);
    }

    /** Flattens dimensions {@code start..end} (inclusive) into one, PyTorch's {@code flatten(start, end)}. */
    public Tensor flatten(int start, int end) {
        return Views.flatten(this, start, end);
    }

    /** A view with a size-1 dimension inserted at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** A view without size-1 dimension {@code dim}. */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    /** The 2-d transpose. */
    public Tensor t() {
        if (rank() != 2) throw new IllegalArgumentException("t: expects a 2-d tensor, got " + shape);
        return transpose(0, 1);
    }

    /** Swaps two dimensions (copies). */
    public Tensor transpose(int dim0, int dim1) {
        int[] perm = new int[rank()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        int a = shape.normalize(dim0);
        int b = shape.normalize(dim1);
        perm[a] = b;
        perm[b] = a;
        return permute(perm);
    }

    /** Reorders dimensions (copies): result dimension i is this tensor's dimension {@code perm[i]}. */
    public Tensor permute(int... perm) {
        return Views.permute(this, perm);
    }

    /** Elements {@code start..start+length-1} along {@code dim} (a view along dimension 0, else a copy). */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /** Broadcasts to {@code dims} (copies). */
    public Tensor expand(int... dims) {
        return Views.expand(this, Shape.of(dims));
    }

    /** The slices at {@code index} (a 1-d tensor of integer-valued floats) along {@code dim}. */
    public Tensor indexSelect(int dim, Tensor index) {
        return Views.indexSelect(this, dim, index);
    }

    /** PyTorch's {@code gather}: {@code out[i][j] = this[i][index[i][j]]} for dim 1. */
    public Tensor gather(int dim, Tensor index) {
        return Views.gather(this, dim, index);
    }

    /** Concatenates tensors along {@code dim}. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Views.cat(tensors, dim);
    }

    /** Stacks equally shaped tensors along a new dimension {@code dim}. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        Tensor[] expanded = new Tensor[tensors.size()];
        for (int i = 0; i < expanded.length; i++) expanded[i] = tensors.get(i).unsqueeze(dim);
        return Views.cat(Arrays.asList(expanded), dim);
    }

    /** PyTorch-like text: shape, grad_fn and up to 6 values per dimension edge. */
    @Override
    public String toString() {
        if (storage.isReleased()) return "tensor(released, shape=" + shape + ")";
        return TensorFormat.format(this);
    }
}
