import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { EraseSubjectHandler } from './erase-subject/erase-subject.handler';
import { EraseSubjectHttpController } from './erase-subject/erase-subject.http.controller';
import { SubjectErasureFollower } from './subject-erasure.follower';

/**
 * Subjects' personal data: their erasure (`DELETE /api/v1/subjects/{sub}`, crypto-shredding of
 * the data key `SubjectKeys` holds) and every replica forgetting an erased key.
 */
@Module({
  imports: [ProjectionsModule],
  controllers: [EraseSubjectHttpController],
  providers: [EraseSubjectHandler, SubjectErasureFollower],
})
export class SubjectsModule {}
