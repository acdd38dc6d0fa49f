package io.tusk.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tusk.local.components.Component;
import io.tusk.local.state.StateLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentControlTest {

  @Test
  void commandLineIsSplitAtNulBytesKeepingEmptyArguments() {
    assertThat(ComponentControl.split("/bin/kube-apiserver\0--secure-port=6443\0\0--x=a b\0"))
        .containsExactly("/bin/kube-apiserver", "--secure-port=6443", "", "--x=a b");
    assertThat(ComponentControl.split("")).isEmpty();
  }

  @Test
  void commandLineOfThisProcessNamesItsJava() throws IOException {
    List<String> self = ComponentControl.commandLine(ProcessHandle.current().pid());
    assertThat(self.get(0)).contains("java");
  }

  @Test
  void stoppingWithoutAControlPlaneSaysSo(@TempDir Path dir) {
    ComponentControl control =
        new ComponentControl(new StateLayout(dir.resolve("none")), Progress.silent());
    assertThatThrownBy(() -> control.stop(Component.KUBE_APISERVER))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no control plane is up");
  }
}
