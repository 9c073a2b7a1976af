package carousel.online;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Memory, not time: the online rule holds O(W) whatever T and allocates nothing per step; BPTT's memory grows with T. */
class CostProbeTest {
    @Test
    void onlineMemoryIsIndependentOfSequenceLength() {
        Lstm1997Config cfg = Lstm1997Config.paper(14, 2, 2, 1, 0.1).withBiases(false, false, false);
        List<CostProbe.Row> rows = CostProbe.measure(cfg, new int[]{200, 2000}, 2, 3);
        assertEquals(rows.get(0).onlineStateBytes(), rows.get(1).onlineStateBytes());
        assertTrue(rows.get(1).onlineBytesAllocatedPerStep() < 8, "online learning allocated " + rows.get(1).onlineBytesAllocatedPerStep() + " bytes per step");
        double ratio = rows.get(1).bpttBytesAllocatedPerStep() * 2000 / (rows.get(0).bpttBytesAllocatedPerStep() * 200);
        assertEquals(10, ratio, 1.5, "BPTT memory per sequence should grow in proportion to T");
    }
}
