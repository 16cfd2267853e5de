package dev.jnn.core;

import java.util.List;

/** Shape changes, slicing, gathering and concatenation, with gradients. */
final class Views {
    private Views() {
    }

    static Tensor reshape(Tensor x, int... dims) {
        int[] d = dims.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: only one dimension can be -1 in " + java.util.Arrays.toString(dims));
                infer = i;
            } else {
                known *= d[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.numel() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot view " + x.shape() + " as " + java.util.Arrays.toString(dims));
            }
            d[infer] = (int) (x.numel() / known);
        }
        Shape s = Shape.of(d);
        if (s.numel() != x.numel()) {
            throw new IllegalArgumentException("reshape: cannot view " + x.shape() + " as " + s);
        }
        Tensor out = new Tensor(x.storage(), x.offset(), s);
        Shape original = x.shape();
        return Node.record("ViewBackward", out, g -> new Tensor[] {g.reshape(original.dims())}, x);
    }

    static Tensor flatten(Tensor x, int start, int end) {
        int s = x.shape().normalize(start);
        int e = x.shape().normalize(end);
        if (s > e) throw new IllegalArgumentException("flatten: start " + start + " after end " + end + " for " + x.shape());
        int[] dims = x.shape().dims();
        int[] out = new int[dims.length - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) out[j++] = dims[i];
        int prod = 1;
        for (int i = s; i <= e; i++) prod *= dims[i];
        out[j++] = prod;
        for (int i = e + 1; i < dims.length; i++) out[j++] = dims[i];
        return reshape(x, out);
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int r = x.rank();
        int d = dim < 0 ? dim + r + 1 : dim;
        if (d < 0 || d > r) throw new IllegalArgumentException("unsqueeze: dimension " + dim + " out of range for " + x.shape());
        int[] dims = x.shape().dims();
        int[] out = new int[r + 1];
        for (int i = 0, j = 0; i <= r; i++) out[i] = i == d ? 1 : dims[j++];
        return reshape(x, out);
    }

    static Tensor squeeze(Tensor x, int dim) {
        int d = x.shape().normalize(dim);
        if (x.size(d) != 1) return x;
        return reshape(x, x.shape().without(d).dims());
    }

    static Tensor permute(Tensor x, int... perm) {
        int r = x.rank();
        if (perm.length != r) throw new IllegalArgumentException("permute: " + perm.length + " dimensions given for " + x.shape());
        boolean[] seen = new boolean[r];
        int[] dims = new int[r];
        long[] strides = new long[r];
        long[] xs = x.shape().strides();
        int[] inverse = new int[r];
        for (int i = 0; i < r; i++) {
            int p = x.shape().normalize(perm[i]);
            if (seen[p]) throw new IllegalArgumentException("permute: repeated dimension in " + java.util.Arrays.toString(perm));
            seen[p] = true;
            dims[i] = x.size(p);
            strides[i] = xs[p];
            inverse[p] = i;
        }
        Tensor out = x.newEmpty(Shape.of(dims));
        x.backend().stridedCopy(x, strides, out);
        return Node.record("PermuteBackward", out, g -> new Tensor[] {permute(g, inverse)}, x);
    }

    static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = x.shape().normalize(dim);
        if (start < 0 || length < 0 || start + length > x.size(d)) {
            throw new IllegalArgumentException("narrow: range [" + start + ", " + (start + length) + ") out of bounds for dimension "
                    + dim + " of " + x.shape());
        }
        long inner = x.shape().inner(d);
        Shape s = x.shape().with(d, length);
        Tensor out;
        if (x.shape().outer(d) == 1) {
            out = new Tensor(x.storage(), x.offset() + start * inner, s);
        } else {
            out = x.newEmpty(s);
            x.backend().stridedCopy(at(x, start * inner), x.shape().strides(), out);
        }
        Shape original = x.shape();
        return Node.record("NarrowBackward", out, g -> {
            Tensor gx = Tensor.zeros(g.backend(), original);
            g.backend().stridedWrite(g, gx, start * inner, original.strides());
            return new Tensor[] {gx};
        }, x);
    }

    static Tensor expand(Tensor x, Shape target) {
        Shape b = Shape.broadcast("expand", x.shape(), target);
        if (!b.equals(target)) throw new IllegalArgumentException("expand: cannot expand " + x.shape() + " to " + target);
        if (x.shape().equals(target)) return x;
        Tensor out = x.newEmpty(target);
        x.backend().stridedCopy(x, x.shape().broadcastStrides(target), out);
        Shape original = x.shape();
        return Node.record("ExpandBackward", out, g -> new Tensor[] {Elementwise.sumTo(g, original)}, x);
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int d = x.shape().normalize(dim);
        if (index.rank() != 1) throw new IllegalArgumentException("indexSelect: index must be 1-d, got " + index.shape());
        Tensor out = x.newEmpty(x.shape().with(d, index.size(0)));
        x.backend().indexSelect(x, d, index, out);
        return Node.record("IndexSelectBackward", out, g -> {
            Tensor gx = x.zerosLike();
            g.backend().indexAdd(g, d, index, gx);
            return new Tensor[] {gx};
        }, x);
    }

    static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = x.shape().normalize(dim);
        if (index.rank() != x.rank()) {
            throw new IllegalArgumentException("gather: index " + index.shape() + " and input " + x.shape() + " differ in rank");
        }
        for (int i = 0; i < x.rank(); i++) {
            if (i != d && index.size(i) > x.size(i)) {
                throw new IllegalArgumentException("gather: index " + index.shape() + " larger than input " + x.shape() + " at dimension " + i);
            }
        }
        Tensor out = x.newEmpty(index.shape());
        x.backend().gather(x, d, index, out);
        return Node.record("GatherBackward", out, g -> {
            Tensor gx = x.zerosLike();
            g.backend().scatterAdd(g, d, index, gx);
            return new Tensor[] {gx};
        }, x);
    }

    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("cat: no tensors");
        Tensor first = tensors.get(0);
        int d = first.shape().normalize(dim);
        int total = 0;
        for (Tensor t : tensors) {
            if (t.rank() != first.rank() || !t.shape().with(d, 1).equals(first.shape().with(d, 1))) {
                throw new IllegalArgumentException("cat: shapes " + first.shape() + " and " + t.shape()
                        + " differ outside dimension " + dim);
            }
            Elementwise.checkSameBackend("cat", first, t);
            total += t.size(d);
        }
        Shape outShape = first.shape().with(d, total);
        Tensor out = first.newEmpty(outShape);
        long inner = outShape.inner(d);
        long[] strides = outShape.strides();
        int at = 0;
        int[] starts = new int[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            starts[i] = at;
            // Address the part's slot in out with out's strides and the part's shape.
            out.backend().stridedWrite(t, out, at * inner, strides);
            at += t.size(d);
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        return Node.record("CatBackward", out, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].requiresGrad()) grads[i] = narrow(g, d, starts[i], inputs[i].size(d));
            }
            return grads;
        }, inputs);
    }

    /** A header over x's storage starting {@code delta} elements later, for strided reads. */
    private static Tensor at(Tensor x, long delta) {
        long off = x.offset() + delta;
        return new Tensor(x.storage(), off, Shape.of((int) (x.storage().elements() - off)));
    }
}
