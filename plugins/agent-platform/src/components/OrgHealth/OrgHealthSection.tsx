import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { AdoptionCard } from './AdoptionCard';
import { NearDuplicatesCard } from './NearDuplicatesCard';
import { ReuseTrendCard } from './ReuseTrendCard';
import { StalenessCard } from './StalenessCard';

/**
 * The "Org health" section of the platform page: reuse over time,
 * near-duplicate skills, stale agent files and adoption depth. Each card
 * loads its own view, so one failing view leaves the others.
 *
 * @public
 */
export function OrgHealthSection() {
  return (
    <section aria-labelledby="org-health-title">
      <Typography
        id="org-health-title"
        variant="h5"
        component="h2"
        gutterBottom
      >
        Org health
      </Typography>
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <ReuseTrendCard />
        </Grid>
        <Grid item xs={12} md={6}>
          <StalenessCard />
        </Grid>
        <Grid item xs={12}>
          <NearDuplicatesCard />
        </Grid>
        <Grid item xs={12}>
          <AdoptionCard />
        </Grid>
      </Grid>
    </section>
  );
}
