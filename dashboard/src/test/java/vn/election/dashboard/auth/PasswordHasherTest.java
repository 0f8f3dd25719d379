package vn.election.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.election.model.registry.RegistryLoader;

class PasswordHasherTest {

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = PasswordHasher.hash("Mật khẩu dài đủ", 4);

        assertThat(hash).startsWith("$2a$04$").hasSize(60);
        assertThat(PasswordHasher.looksLikeHash(hash)).isTrue();
        assertThat(PasswordHasher.verify("Mật khẩu dài đủ", hash)).isTrue();
        assertThat(PasswordHasher.verify("Mật khẩu dài đu", hash)).isFalse();
        assertThat(PasswordHasher.verify("", hash)).isFalse();
        assertThat(PasswordHasher.verify(null, hash)).isFalse();
    }

    @Test
    void refusesPasswordsBcryptCannotTakeWhole() {
        assertThatThrownBy(() -> PasswordHasher.hash("short", 4)).hasMessageContaining("at least 10");
        assertThatThrownBy(() -> PasswordHasher.hash("x".repeat(73), 4)).hasMessageContaining("72 bytes");
        String hash = PasswordHasher.hash("x".repeat(72), 4);
        // The first 72 bytes match, but a longer password is never accepted.
        assertThat(PasswordHasher.verify("x".repeat(73), hash)).isFalse();
    }

    @Test
    void authenticatesKnownUsersAndSaysTheSameForUnknownNamesAndWrongPasswords() {
        Users users = Users.of(List.of(new DashboardUser("qn-ops", PasswordHasher.hash("correct horse battery", 4), "VN-22", null, 1)),
                RegistryLoader.bundledDemo(), "test");

        assertThat(users.authenticate("qn-ops", "correct horse battery")).map(DashboardUser::unit).contains("VN-22");
        assertThat(users.authenticate("qn-ops", "wrong horse battery")).isEmpty();
        assertThat(users.authenticate("nobody", "correct horse battery")).isEmpty();
        assertThat(users.authenticate(null, null)).isEmpty();
    }
}
