package dev.jnn.backend.onednn.internal;

/** Whether oneDNN loads here, for {@code assumeTrue} in tests. */
final class Natives {
    private Natives() {
    }

    static boolean available() {
        try {
            OneDnnLibrary.get();
            return true;
        } catch (OneDnnUnavailableException e) {
            return false;
        }
    }

    static String reason() {
        try {
            OneDnnLibrary.get();
            return "";
        } catch (OneDnnUnavailableException e) {
            return "oneDNN unavailable: " + e.getMessage();
        }
    }
}
