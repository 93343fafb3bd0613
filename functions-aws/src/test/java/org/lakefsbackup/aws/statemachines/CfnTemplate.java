package org.lakefsbackup.aws.statemachines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation (SAM) template read for tests: the YAML with its short-form intrinsics ({@code !Ref},
 * {@code !Sub}, {@code !GetAtt}, {@code !If}...) turned into their JSON forms ({@code {"Ref": ...}},
 * {@code {"Fn::Sub": ...}}), and a renderer that turns a value built from intrinsics into one readable string, so
 * tests can compare IAM statements with expected text:
 * <ul>
 *   <li>{@code !Ref X} and {@code !GetAtt R.A} render as {@code ${X}} and {@code ${R.A}}; {@code AWS::Partition} as
 *       {@code aws};</li>
 *   <li>{@code !Sub} substitutes its variables the same way;</li>
 *   <li>{@code !If [C, a, b]} renders as {@code a} when both branches render the same, else as {@code If(C,a,b)};
 *       {@code !Join} joins.</li>
 * </ul>
 */
public final class CfnTemplate {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    private final Map<String, Object> root;

    private CfnTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static CfnTemplate read(Path path) {
        try {
            return parse(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static CfnTemplate parse(String yaml) {
        Object doc = new Yaml(new IntrinsicsConstructor()).load(yaml);
        if (!(doc instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a template is a YAML mapping");
        }
        return new CfnTemplate((Map<String, Object>) map);
    }

    Map<String, Object> root() {
        return root;
    }

    public Map<String, Object> section(String name) {
        return map(root.get(name));
    }

    /** Logical id to resource, for every resource of that type, in template order. */
    public Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        section("Resources").forEach((id, r) -> {
            if (type.equals(map(r).get("Type"))) {
                out.put(id, map(r));
            }
        });
        return out;
    }

    Map<String, Object> resource(String id) {
        Object r = section("Resources").get(id);
        if (r == null) {
            throw new AssertionError("the template has no resource " + id);
        }
        return map(r);
    }

    public static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    /** A mapping (an empty one for null); fails on anything else. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("expected a mapping, found " + value);
        }
        return (Map<String, Object>) value;
    }

    /** A list, a single value as a list of one, null as empty. */
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return List.of(value);
    }

    /** The name of the intrinsic a value is ({@code Ref}, {@code Fn::If}...), or null. */
    static String intrinsic(Object value) {
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            String key = (String) m.keySet().iterator().next();
            if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
                return key;
            }
        }
        return null;
    }

    /** Renders a value built from intrinsics as one string (see the class comment). */
    static String render(Object value) {
        return render(value, Map.of());
    }

    private static String render(Object value, Map<String, Object> subVariables) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String fn = intrinsic(value);
        if (fn == null) {
            if (value instanceof List<?> l) {
                List<String> parts = new ArrayList<>();
                l.forEach(v -> parts.add(render(v, subVariables)));
                return parts.toString();
            }
            Map<String, String> parts = new TreeMap<>();
            map(value).forEach((k, v) -> parts.put(k, render(v, subVariables)));
            return parts.toString();
        }
        Object arg = map(value).get(fn);
        return switch (fn) {
            case "Ref" -> variable((String) arg);
            case "Fn::GetAtt" -> {
                List<Object> a = list(arg);
                yield "${" + a.get(0) + "." + a.get(1) + "}";
            }
            case "Fn::Sub" -> {
                List<Object> a = list(arg);
                Map<String, Object> vars = a.size() > 1 ? map(a.get(1)) : Map.of();
                Matcher m = SUB_VARIABLE.matcher((String) a.get(0));
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    String name = m.group(1);
                    String replacement = vars.containsKey(name) ? render(vars.get(name)) : variable(name);
                    m.appendReplacement(out, Matcher.quoteReplacement(replacement));
                }
                m.appendTail(out);
                yield out.toString();
            }
            case "Fn::If" -> {
                List<Object> a = list(arg);
                String yes = render(a.get(1));
                String no = render(a.get(2));
                yield yes.equals(no) ? yes : "If(" + a.get(0) + "," + yes + "," + no + ")";
            }
            case "Fn::Join" -> {
                List<Object> a = list(arg);
                List<String> parts = new ArrayList<>();
                list(a.get(1)).forEach(v -> parts.add(render(v)));
                yield String.join((String) a.get(0), parts);
            }
            default -> fn + "(" + render(arg) + ")";
        };
    }

    private static String variable(String name) {
        return name.equals("AWS::Partition") ? "aws" : "${" + name + "}";
    }

    /** Every {@code ${Name}} a text uses (Step Functions definition placeholders). */
    static Set<String> placeholders(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Whether an IAM action pattern ({@code s3:Delete*}, {@code *}) covers an action; case-insensitive. */
    static boolean covers(String pattern, String action) {
        String regex = "\\Q" + pattern.toLowerCase(java.util.Locale.ROOT).replace("*", "\\E.*\\Q")
                .replace("?", "\\E.\\Q") + "\\E";
        return action.toLowerCase(java.util.Locale.ROOT).matches(regex);
    }

    /** SnakeYAML's safe constructor plus CloudFormation's short-form tags, built into their long forms. */
    private static final class IntrinsicsConstructor extends SafeConstructor {
        private static final Map<String, String> TAGS = Map.ofEntries(
                Map.entry("!Ref", "Ref"), Map.entry("!Condition", "Condition"), Map.entry("!Sub", "Fn::Sub"),
                Map.entry("!GetAtt", "Fn::GetAtt"), Map.entry("!If", "Fn::If"), Map.entry("!Equals", "Fn::Equals"),
                Map.entry("!Not", "Fn::Not"), Map.entry("!And", "Fn::And"), Map.entry("!Or", "Fn::Or"),
                Map.entry("!Join", "Fn::Join"), Map.entry("!Select", "Fn::Select"), Map.entry("!Split", "Fn::Split"),
                Map.entry("!FindInMap", "Fn::FindInMap"), Map.entry("!Base64", "Fn::Base64"),
                Map.entry("!GetAZs", "Fn::GetAZs"), Map.entry("!ImportValue", "Fn::ImportValue"),
                Map.entry("!Cidr", "Fn::Cidr"));

        IntrinsicsConstructor() {
            super(new LoaderOptions());
            TAGS.forEach((tag, name) -> yamlConstructors.put(new Tag(tag), new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    Object content;
                    if (node instanceof ScalarNode scalar) {
                        String text = constructScalar(scalar);
                        content = name.equals("Fn::GetAtt") ? List.of(text.substring(0, text.indexOf('.')),
                                text.substring(text.indexOf('.') + 1)) : text;
                    } else if (node instanceof SequenceNode sequence) {
                        content = constructSequence(sequence);
                    } else {
                        content = constructMapping((MappingNode) node);
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put(name, Objects.requireNonNull(content));
                    return out;
                }
            }));
        }
    }
}
