import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { booleanTransformer } from '../common/database/boolean.transformer';
import { INDUSTRIES, SCALES, TAGS, type Industry, type Scale, type Tag } from './domain/enterprise-vocabulary';

@Entity('enterprises')
export class Enterprise {
  @PrimaryGeneratedColumn({ unsigned: true }) id: number;
  @Column({ name: 'credit_code', type: 'char', length: 18 }) creditCode: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ name: 'region_code', type: 'char', length: 6 }) regionCode: string;
  @Column({ type: 'enum', enum: INDUSTRIES }) industry: Industry;
  @Column({ type: 'enum', enum: SCALES }) scale: Scale;
  @Column({ type: 'set', enum: TAGS }) tags: Tag[];
  @Column({ type: 'varchar', nullable: true }) park: string | null;
  @Column({ name: 'contact_person', type: 'varchar', nullable: true }) contactPerson: string | null;
  @Column({ name: 'contact_phone', type: 'varchar', nullable: true }) contactPhone: string | null;
  @Column({ type: 'varchar', nullable: true }) address: string | null;
  @Column({ type: 'tinyint', width: 1, transformer: booleanTransformer }) active: boolean;
  /** The current liaison officer, mirrored from the open row of officer_assignments. */
  @Column({ name: 'officer_id', type: 'int', unsigned: true, nullable: true }) officerId: number | null;
  @Column({ type: 'int', unsigned: true }) version: number;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}
