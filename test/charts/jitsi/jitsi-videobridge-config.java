// What jitsi-videobridge reads for its HTTP servers: the configuration as jicoco loads it
// (jicoco f9c2712, the bridge's pin, jicoco-config JitsiConfig.kt L83-91 loadNewConfig: the
// -Dconfig.file replacement, then application.*, then reference.conf from the class path,
// resolved; no system-property overrides). parseApplicationReplacement came after Debian's
// Typesafe Config 1.3.1; for -Dconfig.file it parses that file, as parseFile does here.
// Prints one line per server: `<server> host=<host> port=<port>`, empty when unset.
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;

public class JvbHttpServers {
    public static void main(String[] args) {
        Config config = ConfigFactory.parseFile(new File(System.getProperty("config.file")))
            .withFallback(ConfigFactory.parseResourcesAnySyntax("application"))
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
        for (String server : new String[] { "private", "public" }) {
            String path = "videobridge.http-servers." + server;
            String host = config.hasPath(path + ".host") ? config.getString(path + ".host") : "";
            String port = config.hasPath(path + ".port") ? String.valueOf(config.getInt(path + ".port")) : "";
            System.out.println(server + " host=" + host + " port=" + port);
        }
    }
}
