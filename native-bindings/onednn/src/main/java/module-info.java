/** FFM bindings to oneDNN 3.x and the "onednn" CPU backend built on them. */
module dev.jnn.backend.onednn {
    requires dev.jnn.core;
}
