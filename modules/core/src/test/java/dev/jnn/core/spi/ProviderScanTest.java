package dev.jnn.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;

/** Every way a plugin provider can fail ends as an unavailable entry with its reason, in discovery order. */
class ProviderScanTest {
    /** A provider whose name and probe do what the test says. */
    record Fake(String id, RuntimeException nameFails, Availability availability, RuntimeException probeFails) {
        static Fake ok(String id) {
            return new Fake(id, null, Availability.available("fine"), null);
        }

        String name() {
            if (nameFails != null) throw nameFails;
            return id;
        }

        Availability probe() {
            if (probeFails != null) throw probeFails;
            return availability;
        }
    }

    private static ProviderScan<Fake> scan() {
        return new ProviderScan<>("widget", Fake::name, Fake::probe);
    }

    @Test
    void failingNameProbeAndDuplicateNamesAreListedAsUnavailableWithTheirReasons() {
        ProviderScan<Fake> s = scan()
                .add(Fake.ok("a"))
                .add(new Fake("b", new IllegalStateException("no name"), null, null))
                .add(new Fake("c", null, null, new UnsupportedOperationException("no probe")))
                .add(Fake.ok("a"))
                .add(new Fake("d", null, Availability.unavailable("missing libd.so"), null));
        assertThat(s.found().keySet()).containsExactly("a", ProviderScanTest.Fake.class.getName(), "c",
                "a (duplicate from " + ProviderScan.sourceOf(Fake.class) + ")", "d");
        assertThat(s.found().get("a").provider()).isNotNull();
        assertThat(s.found().get("a").availability().available()).isTrue();
        assertThat(s.found().get(Fake.class.getName()).availability().reasons())
                .containsExactly("name() failed: java.lang.IllegalStateException: no name");
        assertThat(s.found().get(Fake.class.getName()).provider()).isNull();
        assertThat(s.found().get("c").availability().reasons())
                .containsExactly("probe() failed: java.lang.UnsupportedOperationException: no probe");
        String dup = "a (duplicate from " + ProviderScan.sourceOf(Fake.class) + ")";
        assertThat(s.found().get(dup).availability().reasons().get(0)).startsWith("duplicate widget name 'a', already provided by ");
        assertThat(s.found().get(dup).provider()).isNull();
        assertThat(s.found().get("d").availability().reasons()).containsExactly("missing libd.so");
    }

    @Test
    void aProviderThatFailsToLoadIsCountedAndTheRestStillFound() {
        Iterator<Fake> loader = new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < 3;
            }

            @Override
            public Fake next() {
                if (i >= 3) throw new NoSuchElementException();
                if (i++ == 1) throw new ServiceConfigurationError("bad", new ClassNotFoundException("com.example.Gone"));
                return Fake.ok("p" + i);
            }
        };
        ProviderScan<Fake> s = scan().addAll(loader);
        assertThat(s.found().keySet()).containsExactly("p1", "broken-provider-1", "p3");
        assertThat(s.found().get("broken-provider-1").availability().reasons())
                .containsExactly("provider failed to load: java.lang.ClassNotFoundException: com.example.Gone");
    }

    @Test
    void describeExceptListsTheOthersOrNone() {
        ProviderScan<Fake> s = scan().add(Fake.ok("a")).add(new Fake("d", null, Availability.unavailable("missing libd.so"), null));
        assertThat(ProviderScan.describeExcept(s.found().keySet(), n -> s.found().get(n).availability(), "a"))
                .isEqualTo("d (unavailable: missing libd.so)");
        assertThat(ProviderScan.describeExcept(s.found().keySet(), n -> s.found().get(n).availability(), null))
                .isEqualTo("a (available), d (unavailable: missing libd.so)");
        assertThat(ProviderScan.describeExcept(List.of("a"), n -> s.found().get(n).availability(), "a")).isEqualTo("none");
    }
}
