/** The code shown in the modules' READMEs, compiled and run by jnn's test command. */
module com.example.snippets {
    requires dev.jnn.train;   // brings nn, optim, data and core (requires transitive)
}
