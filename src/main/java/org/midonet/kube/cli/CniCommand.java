package org.midonet.kube.cli;

import java.util.concurrent.Callable;
import org.midonet.kube.cni.CniMain;
import picocli.CommandLine.Command;

/**
 * The CNI plugin as a subcommand (the installed launcher runs CniMain directly, to start faster): the
 * operation comes from the CNI_* variables and the network configuration from standard input.
 */
@Command(name = "cni", mixinStandardHelpOptions = true,
        description = {"Run as the midonet-kube CNI plugin (CNI specification 1.0.0): ADD, DEL, CHECK or VERSION from",
            "CNI_COMMAND, with CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS and CNI_PATH, and the network",
            "configuration on standard input. The result, or an error object, goes to standard output."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed (the error object on standard output has the CNI error code)"})
public final class CniCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return CniMain.run(System.getenv(), System.in, System.out);
    }
}
