package dev.jnn.app.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Lists a command's options in {@code --help} under headings, in the order given. The options stay
 * plain options: picocli's ArgGroups would give the same headings but also take part in parsing
 * (a group's options are matched as a unit, and its instance is only created once one of them is
 * given), which the train command's --resume re-parsing does not need.
 */
final class HelpSections {
    /** One heading and the long names of its options, in order. */
    record Section(String heading, List<String> options) {
    }

    private HelpSections() {
    }

    /**
     * Replaces {@code command}'s option list with {@code sections}; an option no section names is
     * listed under "Other options" at the end, so none is ever hidden.
     *
     * @throws IllegalStateException (when the help is rendered) if a section names an unknown option
     */
    static void install(CommandLine command, List<Section> sections) {
        command.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
        command.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> render(help, sections));
    }

    private static String render(Help help, List<Section> sections) {
        StringBuilder sb = new StringBuilder();
        Set<OptionSpec> listed = new HashSet<>();
        for (Section s : sections) {
            List<OptionSpec> options = new ArrayList<>();
            for (String name : s.options()) {
                OptionSpec o = help.commandSpec().findOption(name);
                if (o == null) throw new IllegalStateException("help section '" + s.heading() + "' names unknown option " + name);
                options.add(o);
            }
            listed.addAll(options);
            sb.append(section(help, s.heading(), options));
        }
        List<OptionSpec> rest = help.commandSpec().options().stream().filter(o -> !listed.contains(o) && !o.hidden()).toList();
        if (!rest.isEmpty()) sb.append(section(help, "Other options", rest));
        return sb.toString();
    }

    private static String section(Help help, String heading, List<OptionSpec> options) {
        return String.format("%n%s:%n", heading)
                + help.optionListExcludingGroups(options, help.createDefaultLayout(), null, help.parameterLabelRenderer());
    }
}
