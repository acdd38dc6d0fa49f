package io.tusk.operator.pooler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import org.junit.jupiter.api.Test;

class PoolerReconnectTest {

  @Test
  void theMasterEndpointsLeadToTheirAddressesSortedOrNowhere() {
    assertThat(PoolerReconnect.address(null)).isEmpty();
    assertThat(
            PoolerReconnect.address(
                new EndpointsBuilder().withNewMetadata().withName("a").endMetadata().build()))
        .isEmpty();
    Endpoints one =
        new EndpointsBuilder()
            .addNewSubset()
            .addNewAddress()
            .withIp("10.244.2.3")
            .endAddress()
            .addNewPort()
            .withPort(5432)
            .endPort()
            .endSubset()
            .build();
    assertThat(PoolerReconnect.address(one)).contains("10.244.2.3");
    // A former primary back for a moment, still labelled master, beside the new one.
    Endpoints two =
        new EndpointsBuilder()
            .addNewSubset()
            .addNewAddress()
            .withIp("10.244.3.2")
            .endAddress()
            .addNewAddress()
            .withIp("10.244.2.2")
            .endAddress()
            .endSubset()
            .build();
    assertThat(PoolerReconnect.address(two)).contains("10.244.2.2,10.244.3.2");
    // Not ready addresses do not count: no connection goes there.
    Endpoints notReady =
        new EndpointsBuilder()
            .addNewSubset()
            .addNewNotReadyAddress()
            .withIp("10.244.2.2")
            .endNotReadyAddress()
            .endSubset()
            .build();
    assertThat(PoolerReconnect.address(notReady)).isEmpty();
  }
}
