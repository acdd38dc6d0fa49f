/**
 * Registration of the CustomResourceDefinitions Tusk serves at start-up ({@code
 * enable_crd_registration}): {@link io.tusk.operator.crd.CrdRegistration} creates or updates them
 * from tusk-api's generated definitions and waits until the API server has established them, as
 * Zalando's {@code controller/util.go#createOperatorCRD} does.
 */
package io.tusk.operator.crd;
