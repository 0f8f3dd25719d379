package vn.election.model.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEnvTest {

    @Test
    void demoIsTheBundledRegistry() {
        assertThat(ServiceEnv.registry(Map.of("REGISTRY_FILE", "demo")).size()).isPositive();
    }

    @Test
    void aMissingRegistryNamesTheVariable() {
        assertThatThrownBy(() -> ServiceEnv.registry(Map.of())).hasMessageContaining("REGISTRY_FILE");
    }

    @Test
    void integersAreCheckedNamingTheVariable() {
        assertThat(ServiceEnv.integer(Map.of(), "N", 6, 1, 10)).isEqualTo(6);
        assertThat(ServiceEnv.integer(Map.of("N", " 3 "), "N", 6, 1, 10)).isEqualTo(3);
        assertThatThrownBy(() -> ServiceEnv.integer(Map.of("N", "0"), "N", 6, 1, 10))
                .hasMessage("environment variable N: expected an integer 1..10, got '0'");
    }

    @Test
    void aConfigErrorExitsTwoAndAFailedStartOne() {
        assertThat(ServiceMain.run("t", () -> {
            throw new IllegalArgumentException("x (env X): expected y");
        })).isEqualTo(2);
        assertThat(ServiceMain.run("t", () -> {
            ServiceEnv.registry(Map.of("REGISTRY_FILE", "/no/such/file"));
            return () -> { };
        })).isEqualTo(2);
        assertThat(ServiceMain.run("t", () -> {
            throw new IllegalStateException("cannot listen");
        })).isEqualTo(1);
    }
}
