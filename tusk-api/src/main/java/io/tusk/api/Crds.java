package io.tusk.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.tusk.api.acid.v1.OperatorConfiguration;
import io.tusk.api.acid.v1.PostgresTeam;
import io.tusk.api.acid.v1.Postgresql;
import io.tusk.api.schema.CrdPostProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CustomResourceDefinitions Tusk serves ({@code acid.zalan.do/v1}: postgresql,
 * OperatorConfiguration, PostgresTeam), built from the model classes. fabric8's CRD generator
 * writes a raw CRD per resource to {@code META-INF/fabric8/} at build time; this class completes it
 * with {@link CrdPostProcessor} and renders it as YAML. The same text is committed under {@code
 * deploy/crds/} (a unit test keeps the two identical), so what a user applies with kubectl and what
 * the local control plane installs are the same document.
 */
public final class Crds {

  /** CRD name of {@link Postgresql}. */
  public static final String POSTGRESQL = "postgresqls.acid.zalan.do";

  /** CRD name of {@link OperatorConfiguration}. */
  public static final String OPERATOR_CONFIGURATION = "operatorconfigurations.acid.zalan.do";

  /** CRD name of {@link PostgresTeam}. */
  public static final String POSTGRES_TEAM = "postgresteams.acid.zalan.do";

  private static final Map<String, Class<? extends HasMetadata>> RESOURCES =
      Map.of(
          POSTGRESQL, Postgresql.class,
          OPERATOR_CONFIGURATION, OperatorConfiguration.class,
          POSTGRES_TEAM, PostgresTeam.class);

  /** File names under {@code deploy/crds/}, named like Zalando's manifests. */
  private static final Map<String, String> FILE_NAMES =
      Map.of(
          POSTGRESQL, "postgresql.crd.yaml",
          OPERATOR_CONFIGURATION, "operatorconfiguration.crd.yaml",
          POSTGRES_TEAM, "postgresteam.crd.yaml");

  private static final String HEADER =
      "# Generated from the io.tusk.api.acid.v1 model classes by tusk-api. Do not edit;"
          + " regenerate\n"
          + "# with: mvn -B -pl tusk-api -am test -Dtest=CommittedCrdsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dtusk.crds.update=true\n";

  private static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  // keeps string values such as the version enum "14" strings when read back
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                  .build())
          .build();

  /** Rendered once, on first use (lazy holder idiom). */
  private static final class Rendered {
    static final Map<String, String> TEXTS = renderAll();
  }

  private Crds() {}

  /** CRD names in installation order: postgresql, OperatorConfiguration, PostgresTeam. */
  public static List<String> names() {
    return List.of(POSTGRESQL, OPERATOR_CONFIGURATION, POSTGRES_TEAM);
  }

  /** The file name under {@code deploy/crds/} of the CRD {@code crdName}. */
  public static String fileName(String crdName) {
    return require(FILE_NAMES, crdName);
  }

  /** YAML text of every CRD, keyed by CRD name, in {@link #names()} order. */
  public static Map<String, String> yamlTexts() {
    return Rendered.TEXTS;
  }

  /** YAML text of the CRD {@code crdName}, e.g. {@link #POSTGRESQL}. */
  public static String yaml(String crdName) {
    require(RESOURCES, crdName);
    return yamlTexts().get(crdName);
  }

  /** The CRD {@code crdName} as a fabric8 object, ready to be created on a cluster. */
  public static CustomResourceDefinition definition(String crdName) {
    return new KubernetesSerialization().unmarshal(yaml(crdName), CustomResourceDefinition.class);
  }

  /** All CRDs as fabric8 objects, in {@link #names()} order. */
  public static List<CustomResourceDefinition> definitions() {
    return names().stream().map(Crds::definition).toList();
  }

  private static Map<String, String> renderAll() {
    Map<String, String> texts = new LinkedHashMap<>();
    for (String name : names()) {
      texts.put(name, render(name));
    }
    return Collections.unmodifiableMap(texts);
  }

  private static String render(String crdName) {
    Class<? extends HasMetadata> resource = require(RESOURCES, crdName);
    String path = "META-INF/fabric8/" + crdName + "-v1.yml";
    try (InputStream in = Crds.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            path
                + " is missing from the classpath; build tusk-api with Maven so that the"
                + " crd-generator-maven-plugin runs");
      }
      ObjectNode generated = (ObjectNode) YAML.readTree(in);
      ObjectNode processed = CrdPostProcessor.process(generated, resource);
      return HEADER + YAML.writeValueAsString(processed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static <T> T require(Map<String, T> map, String crdName) {
    T value = map.get(crdName);
    if (value == null) {
      throw new IllegalArgumentException(
          "unknown CRD '" + crdName + "', expected one of " + names());
    }
    return value;
  }
}
