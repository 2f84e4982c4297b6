package io.recengine.plugin.pmml;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A PMML document compiled for scoring: the subset recommendation models use. Models:
 * {@code RegressionModel} (regression or classification; normalization none, logit, exp, softmax,
 * simplemax), {@code TreeModel} (regression or classification with {@code ScoreDistribution};
 * {@code noTrueChildStrategy}; {@code missingValueStrategy} none, lastPrediction, nullPrediction) and
 * {@code MiningModel} ({@code Segmentation} by sum, average, weightedAverage, max, majorityVote or
 * modelChain, the chain passing {@code predictedValue} / {@code probability} output fields on).
 * Predicates: True, False, SimplePredicate, SimpleSetPredicate, CompoundPredicate. Also:
 * {@code MiningField@missingValueReplacement}, {@code Targets} rescaling, the top model's {@code Output}.
 * Anything else (transformations, other model types) is refused at load with its element's name.
 * Immutable after {@link #parse}; {@link #evaluate} is thread-safe.
 */
final class PmmlModel {

    private static final Set<String> MODELS = Set.of("RegressionModel", "TreeModel", "MiningModel");

    private final Fields fields;
    private final int[] inputSlots;
    private final Model model;
    private final boolean classification;
    private final Map<String, Model.OutputField> outputs;

    private PmmlModel(Fields fields, int[] inputSlots, Model model, boolean classification,
                      Map<String, Model.OutputField> outputs) {
        this.fields = fields;
        this.inputSlots = inputSlots;
        this.model = model;
        this.classification = classification;
        this.outputs = outputs;
    }

    /** The input fields, by name, in slot order. */
    List<String> inputs() {
        List<String> names = new ArrayList<>(inputSlots.length);
        for (int s : inputSlots) {
            names.add(fields.name(s));
        }
        return names;
    }

    boolean isClassification() {
        return classification;
    }

    /** The top model's {@code Output} fields this engine computes, by name. */
    Map<String, Model.OutputField> outputs() {
        return outputs;
    }

    /** A fresh row of this model's slots from the feature values {@code lookup} gives by field name. */
    Object[] row(Function<String, Object> lookup) {
        Object[] row = new Object[fields.size()];
        for (int s : inputSlots) {
            Object v = fields.convert(s, lookup.apply(fields.name(s)));
            row[s] = v != null ? v : fields.replacement(s);
        }
        return row;
    }

    /** The prediction for a row made by {@link #row}, or null when the model makes none. */
    Prediction evaluate(Object[] row) {
        return model.evaluate(row);
    }

    /** Parses and compiles; {@link IllegalArgumentException} names what is malformed or unsupported. */
    static PmmlModel parse(InputStream in) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // a model file is data: no DTDs, no external entities
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            doc = f.newDocumentBuilder().parse(in);
        } catch (SAXException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        Element root = doc.getDocumentElement();
        if (!"PMML".equals(name(root))) {
            throw new IllegalArgumentException("the root element is <" + name(root) + ">, not <PMML>");
        }
        Element dictionary = child(root, "DataDictionary");
        if (dictionary == null) {
            throw new IllegalArgumentException("<DataDictionary> is missing");
        }
        Map<String, Element> dict = new LinkedHashMap<>();
        for (Element f : children(dictionary, "DataField")) {
            dict.put(f.getAttribute("name"), f);
        }
        if (child(root, "TransformationDictionary") != null) {
            throw new IllegalArgumentException("<TransformationDictionary> is not supported");
        }
        Element top = null;
        for (Element e : children(root, null)) {
            if (MODELS.contains(name(e))) {
                top = e;
                break;
            }
            if (!Set.of("Header", "DataDictionary", "MiningBuildTask", "Extension").contains(name(e))) {
                throw new IllegalArgumentException("<" + name(e) + "> is not supported; supported models: " + MODELS);
            }
        }
        if (top == null) {
            throw new IllegalArgumentException("no model element; supported models: " + MODELS);
        }
        Parser p = new Parser(dict);
        Model m = p.model(top);
        Map<String, Model.OutputField> outputs = new LinkedHashMap<>();
        for (Model.OutputField o : p.outputFields(top, false)) {
            outputs.put(o.name(), o);
        }
        int[] inputs = p.inputs.stream().mapToInt(Integer::intValue).toArray();
        return new PmmlModel(p.fields, inputs, m, isClassification(top), outputs);
    }

    private static boolean isClassification(Element model) {
        return "classification".equals(model.getAttribute("functionName"));
    }

    /** Compiles model elements against one field space. */
    private static final class Parser {

        final Map<String, Element> dict;
        final Fields fields = new Fields();
        final Set<Integer> inputs = new LinkedHashSet<>();

        Parser(Map<String, Element> dict) {
            this.dict = dict;
        }

        Model model(Element e) {
            String kind = name(e);
            if (child(e, "LocalTransformations") != null) {
                throw new IllegalArgumentException("<LocalTransformations> in <" + kind + "> is not supported");
            }
            String target = schema(e);
            boolean classification = isClassification(e);
            if (!classification && !"regression".equals(e.getAttribute("functionName"))) {
                throw new IllegalArgumentException("<" + kind + "> functionName \"" + e.getAttribute("functionName")
                        + "\" is not supported; supported: regression, classification");
            }
            Model m = switch (kind) {
                case "RegressionModel" -> regression(e, classification);
                case "TreeModel" -> tree(e, classification, categories(e, target));
                case "MiningModel" -> mining(e, classification, categories(e, target));
                default -> throw new IllegalArgumentException("<" + kind + "> is not supported; supported models: " + MODELS);
            };
            Element targets = child(e, "Targets");
            if (targets != null && !classification) {
                for (Element t : children(targets, "Target")) {
                    double factor = number(t, "rescaleFactor", 1);
                    double constant = number(t, "rescaleConstant", 0);
                    if (factor != 1 || constant != 0) {
                        m = new Model.Rescaled(m, factor, constant);
                    }
                }
            }
            return m;
        }

        /** Registers the active fields of the model's MiningSchema; answers the target field's name, or "". */
        String schema(Element e) {
            Element schema = child(e, "MiningSchema");
            if (schema == null) {
                throw new IllegalArgumentException("<" + name(e) + "> has no <MiningSchema>");
            }
            String target = "";
            for (Element f : children(schema, "MiningField")) {
                String name = f.getAttribute("name");
                String usage = f.getAttribute("usageType");
                if ("target".equals(usage) || "predicted".equals(usage)) {
                    target = name;
                    continue;
                }
                if (!usage.isEmpty() && !"active".equals(usage)) {
                    continue;
                }
                Element d = dict.get(name);
                int slot;
                if (d != null) {
                    slot = fields.add(name, continuous(d));
                    inputs.add(slot);
                } else {
                    slot = fields.slot(name);
                    if (slot < 0) {
                        throw new IllegalArgumentException("MiningField \"" + name + "\" is neither in the DataDictionary"
                                + " nor an output of an earlier segment");
                    }
                }
                if (f.hasAttribute("missingValueReplacement")) {
                    fields.replaceMissing(slot, f.getAttribute("missingValueReplacement"));
                }
            }
            return target;
        }

        private static boolean continuous(Element dataField) {
            String optype = dataField.getAttribute("optype");
            if (!optype.isEmpty()) {
                return "continuous".equals(optype);
            }
            String type = dataField.getAttribute("dataType");
            return type.equals("double") || type.equals("float") || type.equals("integer");
        }

        /** The target's categories: its DataField's Values, else those the model names, in order. */
        String[] categories(Element e, String target) {
            Set<String> cats = new LinkedHashSet<>();
            Element d = dict.get(target);
            if (d != null) {
                for (Element v : children(d, "Value")) {
                    cats.add(v.getAttribute("value"));
                }
            }
            if (cats.isEmpty()) {
                collectCategories(e, cats);
            }
            return cats.toArray(new String[0]);
        }

        private static void collectCategories(Element e, Set<String> out) {
            for (Element c : children(e, null)) {
                if ("ScoreDistribution".equals(name(c))) {
                    out.add(c.getAttribute("value"));
                } else if ("RegressionTable".equals(name(c)) && c.hasAttribute("targetCategory")) {
                    out.add(c.getAttribute("targetCategory"));
                }
                collectCategories(c, out);
            }
        }

        Model regression(Element e, boolean classification) {
            String norm = e.getAttribute("normalizationMethod");
            norm = norm.isEmpty() ? "none" : norm;
            if (!Set.of("none", "logit", "exp", "softmax", "simplemax").contains(norm)) {
                throw new IllegalArgumentException("RegressionModel normalizationMethod \"" + norm
                        + "\" is not supported; supported: none, logit, exp, softmax, simplemax");
            }
            List<Model.Regression.Table> tables = new ArrayList<>();
            for (Element t : children(e, "RegressionTable")) {
                List<Element> num = children(t, "NumericPredictor");
                List<Element> cat = children(t, "CategoricalPredictor");
                if (!children(t, "PredictorTerm").isEmpty()) {
                    throw new IllegalArgumentException("<PredictorTerm> is not supported");
                }
                int[] numSlots = new int[num.size()];
                double[] exps = new double[num.size()];
                double[] coefs = new double[num.size()];
                for (int i = 0; i < num.size(); i++) {
                    numSlots[i] = slot(num.get(i).getAttribute("name"), true);
                    exps[i] = number(num.get(i), "exponent", 1);
                    coefs[i] = number(num.get(i), "coefficient", Double.NaN);
                }
                int[] catSlots = new int[cat.size()];
                String[] values = new String[cat.size()];
                double[] catCoefs = new double[cat.size()];
                for (int i = 0; i < cat.size(); i++) {
                    catSlots[i] = slot(cat.get(i).getAttribute("name"), false);
                    values[i] = cat.get(i).getAttribute("value");
                    catCoefs[i] = number(cat.get(i), "coefficient", Double.NaN);
                }
                tables.add(new Model.Regression.Table(t.getAttribute("targetCategory"), number(t, "intercept", 0),
                        numSlots, exps, coefs, catSlots, values, catCoefs));
            }
            if (tables.isEmpty() || (!classification && tables.size() != 1)) {
                throw new IllegalArgumentException("RegressionModel needs " + (classification ? "a RegressionTable per"
                        + " target category" : "exactly one RegressionTable") + ", has " + tables.size());
            }
            return new Model.Regression(classification, List.copyOf(tables), norm);
        }

        private int slot(String field, boolean wantContinuous) {
            int s = fields.slot(field);
            if (s < 0) {
                throw new IllegalArgumentException("field \"" + field + "\" is not in the model's MiningSchema");
            }
            if (wantContinuous && !fields.isContinuous(s)) {
                throw new IllegalArgumentException("NumericPredictor \"" + field + "\" is not a continuous field");
            }
            return s;
        }

        Model tree(Element e, boolean classification, String[] categories) {
            Element node = child(e, "Node");
            if (node == null) {
                throw new IllegalArgumentException("TreeModel has no <Node>");
            }
            String strategy = e.getAttribute("missingValueStrategy");
            strategy = strategy.isEmpty() ? "none" : strategy;
            if (!Set.of("none", "lastPrediction", "nullPrediction").contains(strategy)) {
                throw new IllegalArgumentException("TreeModel missingValueStrategy \"" + strategy
                        + "\" is not supported; supported: none, lastPrediction, nullPrediction");
            }
            return new Model.Tree(classification, node(node, classification, categories),
                    "returnLastPrediction".equals(e.getAttribute("noTrueChildStrategy")), strategy, categories);
        }

        private Model.Tree.Node node(Element n, boolean classification, String[] categories) {
            Predicate predicate = null;
            List<Model.Tree.Node> kids = new ArrayList<>();
            List<Element> dist = new ArrayList<>();
            for (Element c : children(n, null)) {
                switch (name(c)) {
                    case "Node" -> kids.add(node(c, classification, categories));
                    case "ScoreDistribution" -> dist.add(c);
                    case "Extension", "Partition", "Regression", "DecisionTree" -> {
                        if (!"Extension".equals(name(c))) {
                            throw new IllegalArgumentException("<" + name(c) + "> in a tree Node is not supported");
                        }
                    }
                    default -> {
                        if (predicate == null) {
                            predicate = predicate(c);
                        }
                    }
                }
            }
            if (predicate == null) {
                throw new IllegalArgumentException("a tree Node has no predicate");
            }
            String score = n.hasAttribute("score") ? n.getAttribute("score") : null;
            Prediction prediction = null;
            if (!classification && score != null) {
                try {
                    prediction = Prediction.value(Double.parseDouble(score));
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("regression tree Node score \"" + score + "\" is not a number");
                }
            }
            if (classification && !dist.isEmpty()) {
                double[] p = new double[categories.length];
                double total = 0;
                boolean probabilities = dist.get(0).hasAttribute("probability");
                for (Element d : dist) {
                    total += number(d, "recordCount", 0);
                }
                for (Element d : dist) {
                    for (int i = 0; i < categories.length; i++) {
                        if (categories[i].equals(d.getAttribute("value"))) {
                            p[i] = probabilities ? number(d, "probability", 0)
                                    : total > 0 ? number(d, "recordCount", 0) / total : 0;
                        }
                    }
                }
                prediction = Prediction.classes(categories, p);
            } else if (classification && score != null) {
                double[] p = new double[categories.length];
                for (int i = 0; i < categories.length; i++) {
                    p[i] = categories[i].equals(score) ? 1 : 0;
                }
                prediction = Prediction.classes(categories, p);
            }
            return new Model.Tree.Node(predicate, prediction, List.copyOf(kids));
        }

        Model mining(Element e, boolean classification, String[] categories) {
            Element seg = child(e, "Segmentation");
            if (seg == null) {
                throw new IllegalArgumentException("MiningModel has no <Segmentation>");
            }
            String method = seg.getAttribute("multipleModelMethod");
            Set<String> ok = classification ? Set.of("average", "weightedAverage", "majorityVote", "modelChain")
                    : Set.of("sum", "average", "weightedAverage", "max", "modelChain");
            if (!ok.contains(method)) {
                throw new IllegalArgumentException("Segmentation multipleModelMethod \"" + method + "\" is not supported"
                        + " for " + e.getAttribute("functionName") + "; supported: " + ok);
            }
            List<Model.Mining.Segment> segments = new ArrayList<>();
            for (Element s : children(seg, "Segment")) {
                Predicate predicate = null;
                Element inner = null;
                for (Element c : children(s, null)) {
                    if (MODELS.contains(name(c)) || name(c).endsWith("Model")) {
                        inner = c;
                    } else if (predicate == null && !"Extension".equals(name(c))) {
                        predicate = predicate(c);
                    }
                }
                if (inner == null) {
                    throw new IllegalArgumentException("Segment " + s.getAttribute("id") + " has no model");
                }
                Model m = model(inner);
                List<Model.OutputField> outs = "modelChain".equals(method) ? outputFields(inner, true) : List.of();
                segments.add(new Model.Mining.Segment(predicate == null ? Predicate.ALWAYS : predicate,
                        number(s, "weight", 1), m, outs));
            }
            if (segments.isEmpty()) {
                throw new IllegalArgumentException("Segmentation has no Segment");
            }
            return new Model.Mining(classification, method, List.copyOf(segments), categories);
        }

        /** A model's Output fields we compute; with {@code chain}, each gets a slot later segments read. */
        List<Model.OutputField> outputFields(Element model, boolean chain) {
            Element output = child(model, "Output");
            if (output == null) {
                return List.of();
            }
            List<Model.OutputField> out = new ArrayList<>();
            for (Element f : children(output, "OutputField")) {
                String feature = f.getAttribute("feature");
                feature = feature.isEmpty() ? "predictedValue" : feature;
                if (!feature.equals("predictedValue") && !feature.equals("probability")) {
                    if (chain) {
                        throw new IllegalArgumentException("OutputField \"" + f.getAttribute("name") + "\" feature \""
                                + feature + "\" is not supported; supported: predictedValue, probability");
                    }
                    continue;
                }
                int slot = chain ? fields.add(f.getAttribute("name"), true) : -1;
                out.add(new Model.OutputField(f.getAttribute("name"), feature, f.getAttribute("value"), slot));
            }
            return out;
        }

        Predicate predicate(Element p) {
            return switch (name(p)) {
                case "True" -> Predicate.ALWAYS;
                case "False" -> Predicate.NEVER;
                case "SimplePredicate" -> {
                    int slot = slot(p.getAttribute("field"), false);
                    String op = p.getAttribute("operator");
                    Object value = op.endsWith("Missing") ? null : fields.convert(slot, p.getAttribute("value"));
                    if (!op.endsWith("Missing") && value == null) {
                        throw new IllegalArgumentException("SimplePredicate on \"" + p.getAttribute("field")
                                + "\": value \"" + p.getAttribute("value") + "\" is not a number");
                    }
                    yield Predicate.compare(slot, op, value);
                }
                case "SimpleSetPredicate" -> {
                    int slot = slot(p.getAttribute("field"), false);
                    Element array = child(p, "Array");
                    Set<Object> values = new HashSet<>();
                    for (String v : tokens(array == null ? "" : array.getTextContent())) {
                        values.add(fields.convert(slot, v));
                    }
                    String op = p.getAttribute("booleanOperator");
                    if (!op.equals("isIn") && !op.equals("isNotIn")) {
                        throw new IllegalArgumentException("SimpleSetPredicate booleanOperator \"" + op + "\" is not supported");
                    }
                    yield Predicate.in(slot, values, op.equals("isIn"));
                }
                case "CompoundPredicate" -> {
                    List<Predicate> parts = new ArrayList<>();
                    for (Element c : children(p, null)) {
                        if (!"Extension".equals(name(c))) {
                            parts.add(predicate(c));
                        }
                    }
                    yield Predicate.compound(p.getAttribute("booleanOperator"), parts);
                }
                default -> throw new IllegalArgumentException("<" + name(p) + "> is not a supported predicate");
            };
        }
    }

    /** The values of a PMML Array: whitespace-separated, double-quoted when they hold spaces. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    b.append(text.charAt(i++));
                }
                i++;
                out.add(b.toString());
            } else {
                int j = i;
                while (j < text.length() && !Character.isWhitespace(text.charAt(j))) {
                    j++;
                }
                out.add(text.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    private static String name(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    private static double number(Element e, String attr, double def) {
        if (!e.hasAttribute(attr)) {
            if (Double.isNaN(def)) {
                throw new IllegalArgumentException("<" + name(e) + "> needs the attribute " + attr);
            }
            return def;
        }
        try {
            return Double.parseDouble(e.getAttribute(attr));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("<" + name(e) + "> " + attr + "=\"" + e.getAttribute(attr)
                    + "\" is not a number");
        }
    }

    private static Element child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && name(c).equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && (name == null || name(c).equals(name))) {
                out.add(c);
            }
        }
        return out;
    }
}
