/**
 * Reading and writing the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format, the file format jnn uses for state dicts so that PyTorch and jnn can load each
 * other's models.
 *
 * <p>{@link dev.jnn.nn.safetensors.SafeTensorsFile#read(java.nio.file.Path)} validates a file
 * completely before it allocates tensor memory, and
 * {@link dev.jnn.nn.safetensors.SafeTensorsFile#write(java.nio.file.Path, java.util.Map, java.util.Map)}
 * replaces a file atomically. Tensors are plain bytes ({@link dev.jnn.nn.safetensors.RawTensor});
 * converting them to jnn tensors is the state-dict code's job.
 */
package dev.jnn.nn.safetensors;
