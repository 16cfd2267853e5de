package dev.jnn.benchmarks.libtorch;

import static org.bytedeco.pytorch.global.torch.conv2d;
import static org.bytedeco.pytorch.global.torch.cross_entropy_loss;
import static org.bytedeco.pytorch.global.torch.from_blob;
import static org.bytedeco.pytorch.global.torch.linear;
import static org.bytedeco.pytorch.global.torch.manual_seed;
import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.randn;
import static org.bytedeco.pytorch.global.torch.relu;
import static org.bytedeco.pytorch.global.torch.set_num_threads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The libtorch side of compare-pytorch.sh: trains seed 002's CNN (Adam lr 0.001, batch 50, ToTensor
 * only) or seed 000's MLP (SGD lr 0.01 momentum 0.5, batch 64, Normalize(0.1307, 0.3081)) on PyTorch
 * 2.10's libtorch through JavaCPP, on the training set in file order, preloaded as float tensors, like
 * {@code benchmarks/pytorch/train_bench.py}, and prints one JSON line with the training samples/s over
 * {@code --steps} steps after {@code --warmup} steps.
 *
 * <p>The layers are libtorch's functional ops on parameter tensors (the same kernels as its modules);
 * the initialisation is not the seeds' (it does not change the speed). Each step's tensors are freed
 * when it ends (a {@link PointerScope}): left to the garbage collector, native memory grows and the
 * run slows down. Thread variables ({@code OMP_NUM_THREADS}, {@code OPENBLAS_NUM_THREADS}) and glibc's
 * malloc thresholds must be set before the JVM starts; compare-pytorch.sh sets them as for PyTorch.
 *
 * <p>Usage: {@code LibtorchBench --model cnn|mlp --threads N --steps S --warmup W --data-dir DIR}
 */
public final class LibtorchBench {
    private static final long[] ONE = {1, 1};
    private static final long[] TWO = {2, 2};
    private static final long[] PAD = {2, 2};
    private static final long[] NONE = {0, 0};

    private LibtorchBench() {
    }

    public static void main(String[] args) throws IOException {
        String model = arg(args, "--model", "cnn");
        int threads = Integer.parseInt(arg(args, "--threads", "1"));
        int steps = Integer.parseInt(arg(args, "--steps", "300"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "30"));
        Path dir = Path.of(arg(args, "--data-dir", System.getProperty("user.home") + "/.jnn/data/mnist"));
        if (!model.equals("cnn") && !model.equals("mlp")) {
            System.err.println("LibtorchBench: --model must be cnn or mlp, got " + model);
            System.exit(2);
        }
        // Unpack this jar's libtorch first: else the linker may pick up another libtorch_cpu.so on the
        // library path (Debian's PyTorch 1.13) and crash.
        Loader.cacheResources(torch.class, "/org/bytedeco/pytorch/linux-x86_64/");
        set_num_threads(threads);
        manual_seed(1);

        boolean cnn = model.equals("cnn");
        int batch = cnn ? 50 : 64;
        float[] pixels = images(dir.resolve("train-images-idx3-ubyte"), cnn ? 0f : 0.1307f, cnn ? 1f : 0.3081f);
        float[] classes = labels(dir.resolve("train-labels-idx1-ubyte"));
        int n = classes.length;
        Tensor x = from_blob(new FloatPointer(pixels), n, 1, 28, 28).clone();
        Tensor y = from_blob(new FloatPointer(classes), n).to(torch.ScalarType.Long);
        Tensor[] p = cnn
                ? new Tensor[] {param(16, 1, 5, 5), param(16), param(32, 16, 5, 5), param(32), param(10, 32 * 7 * 7), param(10)}
                : new Tensor[] {param(512, 784), param(512), param(256, 512), param(256), param(128, 256), param(128),
                    param(64, 128), param(64), param(10, 64), param(10)};
        Optimizer opt = cnn ? new Adam(new TensorVector(p), new AdamOptions(0.001)) : sgd(new TensorVector(p));

        int batches = n / batch;
        for (int i = 0; i < warmup; i++) step(cnn, p, opt, x, y, (long) (i % batches) * batch, batch);
        long t0 = System.nanoTime();
        for (int i = warmup; i < warmup + steps; i++) step(cnn, p, opt, x, y, (long) (i % batches) * batch, batch);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.println(String.format(Locale.ROOT,
                "{\"framework\": \"libtorch 2.10.0 (JavaCPP %s)\", \"model\": \"%s\", \"threads\": %d, \"steps\": %d, "
                        + "\"batch\": %d, \"train_samples_per_s\": %.1f}",
                Loader.getVersion(), model, threads, steps, batch, steps * (double) batch / seconds));
    }

    /** One training step on rows [from, from + batch); every tensor it makes is freed when it returns. */
    private static void step(boolean cnn, Tensor[] p, Optimizer opt, Tensor x, Tensor y, long from, int batch) {
        try (PointerScope ignored = new PointerScope()) {
            Tensor xb = x.narrow(0, from, batch);
            Tensor yb = y.narrow(0, from, batch);
            opt.zero_grad();
            Tensor out;
            if (cnn) {
                Tensor h = max_pool2d(relu(conv2d(xb, p[0], new TensorOptional(p[1]), ONE, PAD, ONE, 1)), TWO, TWO, NONE, ONE, false);
                h = max_pool2d(relu(conv2d(h, p[2], new TensorOptional(p[3]), ONE, PAD, ONE, 1)), TWO, TWO, NONE, ONE, false);
                out = linear(h.flatten(1, -1), p[4], p[5]);
            } else {
                Tensor h = xb.flatten(1, -1);
                for (int l = 0; l < 8; l += 2) h = relu(linear(h, p[l], p[l + 1]));
                out = linear(h, p[8], p[9]);
            }
            cross_entropy_loss(out, yb).backward();
            opt.step();
        }
    }

    private static Optimizer sgd(TensorVector params) {
        SGDOptions options = new SGDOptions(0.01);
        options.momentum().put(0.5);
        return new SGD(params, options);
    }

    private static Tensor param(long... dims) {
        return randn(dims).mul_(new Scalar(0.05f)).requires_grad_(true);
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) return args[i + 1];
        }
        return fallback;
    }

    /** An IDX image file as floats, (pixel / 255 - mean) / std. */
    private static float[] images(Path file, float mean, float std) throws IOException {
        byte[] d = Files.readAllBytes(file);
        float[] v = new float[d.length - 16];
        for (int i = 0; i < v.length; i++) v[i] = ((d[16 + i] & 255) / 255f - mean) / std;
        return v;
    }

    /** An IDX label file as floats (converted to int64 by the caller). */
    private static float[] labels(Path file) throws IOException {
        byte[] d = Files.readAllBytes(file);
        float[] v = new float[d.length - 8];
        for (int i = 0; i < v.length; i++) v[i] = d[8 + i];
        return v;
    }
}
