/**
 * Where the operator's configuration comes from at run time: {@link
 * io.tusk.operator.config.ConfigurationSource} loads the OperatorConfiguration resource, else the
 * ConfigMap, else the built-in defaults (through tusk-config's loaders), watches that object and
 * hands every new valid configuration to the operator, which re-syncs every cluster ({@code
 * reconciler.ConfigChangeTrigger}). An invalid change is logged and ignored.
 */
package io.tusk.operator.config;
