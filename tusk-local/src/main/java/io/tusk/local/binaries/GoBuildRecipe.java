package io.tusk.local.binaries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to build a set of Go programs from upstream modules in a throw-away wrapper
 * module: the wrapper's {@code go.mod} (requirements and replace directives), a {@code tools.go}
 * that keeps the program packages in the module graph for {@code go mod tidy}, the programs to
 * build and the linker flags. Rendering is pure so it can be unit tested; {@link GoBuilder} runs
 * it.
 *
 * @param name cache name, e.g. {@code kubernetes} (binaries land in {@code
 *     <cache>/<name>/<version>})
 * @param version upstream version the recipe builds
 * @param module module path of the wrapper module
 * @param goDirective the {@code go} line of the wrapper module (language version and GODEBUG
 *     defaults)
 * @param requires module path to version
 * @param replaces module path to version for {@code replace path => path version} lines
 * @param programs binary name to main package import path, in build order
 * @param ldflags linker flags passed with {@code -ldflags}
 */
public record GoBuildRecipe(
    String name,
    String version,
    String module,
    String goDirective,
    Map<String, String> requires,
    Map<String, String> replaces,
    Map<String, String> programs,
    List<String> ldflags) {

  public GoBuildRecipe {
    Objects.requireNonNull(name);
    Objects.requireNonNull(version);
    requires = new LinkedHashMap<>(requires);
    replaces = new LinkedHashMap<>(replaces);
    programs = new LinkedHashMap<>(programs);
    ldflags = List.copyOf(ldflags);
  }

  /** The wrapper module's go.mod before {@code go mod tidy} adds the indirect requirements. */
  public String goMod() {
    StringBuilder sb = new StringBuilder();
    sb.append("module ").append(module).append("\n\n");
    sb.append("go ").append(goDirective).append("\n\n");
    sb.append("require (\n");
    requires.forEach(
        (path, ver) -> sb.append('\t').append(path).append(' ').append(ver).append('\n'));
    sb.append(")\n");
    if (!replaces.isEmpty()) {
      sb.append("\nreplace (\n");
      replaces.forEach(
          (path, ver) ->
              sb.append('\t')
                  .append(path)
                  .append(" => ")
                  .append(path)
                  .append(' ')
                  .append(ver)
                  .append('\n'));
      sb.append(")\n");
    }
    return sb.toString();
  }

  /**
   * A file excluded from every build by its {@code tools} build tag whose only job is to import the
   * program packages, so that {@code go mod tidy} records all their dependencies.
   */
  public String toolsGo() {
    StringBuilder sb = new StringBuilder();
    sb.append("//go:build tools\n\npackage tools\n\nimport (\n");
    programs.values().stream()
        .distinct()
        .forEach(pkg -> sb.append("\t_ \"").append(pkg).append("\"\n"));
    sb.append(")\n");
    return sb.toString();
  }

  /** The {@code go build} arguments for one program (run in the wrapper module's directory). */
  public List<String> buildArgs(String program, String outputFile) {
    String pkg = programs.get(program);
    if (pkg == null) {
      throw new IllegalArgumentException("recipe " + name + " has no program " + program);
    }
    List<String> args = new ArrayList<>();
    args.add("build");
    args.add("-trimpath");
    if (!ldflags.isEmpty()) {
      args.add("-ldflags=" + String.join(" ", ldflags));
    }
    args.add("-o");
    args.add(outputFile);
    args.add(pkg);
    return args;
  }
}
